import { Alert, Button, Modal, Table, Tag, Typography } from 'antd';
import {
  MEMBER_EDITABLE_FIELDS,
  type Member,
  type MemberChanges,
  type MemberEditableField,
} from '../../api/members.ts';
import { MEMBER_FIELD_LABELS } from '../../i18n/vi.ts';

export interface VersionConflict {
  /** The record as the person loaded it. */
  base: Member;
  /** The record on the server now (`details.current` of VERSION_CONFLICT). */
  current: Member;
  /** What the person changed relative to `base`. */
  mine: MemberChanges;
}

interface Row {
  field: MemberEditableField;
  mine: string | null;
  current: string | null;
  who: 'mine' | 'theirs' | 'both';
}

interface Props {
  conflict: VersionConflict | null;
  displayValue: (field: MemberEditableField, value: string | null) => string;
  isSaving: boolean;
  onReload: () => void;
  onKeepMine: () => void;
  onCancel: () => void;
}

/** The fields where what the person typed and the record now differ, and who changed each one. */
export function conflictRows({ base, current, mine }: VersionConflict): Row[] {
  const rows: Row[] = [];
  for (const field of MEMBER_EDITABLE_FIELDS) {
    const typed = field in mine ? (mine[field] ?? null) : (base[field] ?? null);
    const now = current[field] ?? null;
    if (typed === now) continue;
    const changedByMe = field in mine;
    const changedByThem = (base[field] ?? null) !== now;
    rows.push({
      field,
      mine: typed,
      current: now,
      who: changedByMe && changedByThem ? 'both' : changedByMe ? 'mine' : 'theirs',
    });
  }
  return rows;
}

const WHO_TAGS: Record<Row['who'], { color: string; text: string }> = {
  mine: { color: 'blue', text: 'Bạn đã sửa' },
  theirs: { color: 'orange', text: 'Người khác đã sửa' },
  both: { color: 'red', text: 'Cả hai cùng sửa' },
};

export function VersionConflictModal({
  conflict,
  displayValue,
  isSaving,
  onReload,
  onKeepMine,
  onCancel,
}: Props) {
  const rows = conflict ? conflictRows(conflict) : [];
  const show = (field: MemberEditableField, value: string | null) =>
    value === null ? <Typography.Text type="secondary">(trống)</Typography.Text> : displayValue(field, value);

  return (
    <Modal
      open={conflict !== null}
      title="Hồ sơ đã được người khác cập nhật"
      width={820}
      onCancel={onCancel}
      mask={{ closable: false }}
      footer={[
        <Button key="reload" onClick={onReload} disabled={isSaving}>
          Tải lại bản mới nhất
        </Button>,
        <Button key="keep" type="primary" onClick={onKeepMine} loading={isSaving}>
          Giữ thay đổi của tôi và lưu lại
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="Hồ sơ đã được người khác cập nhật trong lúc bạn đang sửa, nên thay đổi của bạn chưa được lưu."
        description={
          <>
            «Tải lại bản mới nhất» bỏ các thay đổi của bạn và hiển thị hồ sơ hiện tại. «Giữ thay đổi của tôi
            và lưu lại» ghi các trường bạn đã sửa lên bản mới nhất (phiên bản {conflict?.current.version});
            các trường khác giữ giá trị hiện tại.
          </>
        }
      />
      <Table<Row>
        data-testid="conflict-table"
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: 'Không có trường nào khác nhau' }}
        rowClassName={(row) => (row.who === 'both' ? 'diff-changed' : '')}
        columns={[
          {
            title: 'Trường',
            dataIndex: 'field',
            render: (field: MemberEditableField) => MEMBER_FIELD_LABELS[field],
          },
          {
            title: 'Giá trị bạn nhập',
            dataIndex: 'mine',
            render: (v: string | null, row) => show(row.field, v),
          },
          {
            title: 'Giá trị hiện tại',
            dataIndex: 'current',
            render: (v: string | null, row) => show(row.field, v),
          },
          {
            title: 'Ai đã sửa',
            dataIndex: 'who',
            render: (who: Row['who']) => <Tag color={WHO_TAGS[who].color}>{WHO_TAGS[who].text}</Tag>,
          },
        ]}
      />
    </Modal>
  );
}
