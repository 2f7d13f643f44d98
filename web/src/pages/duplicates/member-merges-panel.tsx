import { Alert, App, Button } from 'antd';
import { Link } from 'react-router-dom';
import { useMemberMerges, useUndoMerge } from '../../api/duplicates.ts';
import { DUPLICATES } from '../../i18n/vi.ts';
import { errorText } from './error-text.ts';

/** On a member's page: the merge this record took part in (if not undone), with "Hoàn tác hợp nhất". */
export function MemberMergesPanel({ memberId, onUndone }: { memberId: number; onUndone?: () => void }) {
  const { message } = App.useApp();
  const merges = useMemberMerges(memberId);
  const undo = useUndoMerge();
  const active = merges.data?.items.find((m) => m.undoneAt === null);
  if (!active) return null;
  const isSurvivor = active.survivorId === memberId;
  const other = isSurvivor ? active.mergedId : active.survivorId;
  return (
    <Alert
      style={{ marginBottom: 12 }}
      type={isSurvivor ? 'info' : 'warning'}
      showIcon
      data-testid="member-merge-alert"
      message={
        isSurvivor ? (
          <>
            Hồ sơ này đã được hợp nhất với hồ sơ <Link to={`/dang-vien/${other}`}>#{other}</Link>
            {active.mergedBy ? ` (bởi ${active.mergedBy})` : ''}.
          </>
        ) : (
          <>
            Hồ sơ này đã được hợp nhất vào hồ sơ <Link to={`/dang-vien/${other}`}>#{other}</Link> và chỉ còn
            được lưu làm lịch sử.
          </>
        )
      }
      action={
        <Button
          danger
          size="small"
          loading={undo.isPending}
          onClick={() =>
            undo.mutate(active.id, {
              onSuccess: () => {
                onUndone?.();
                void message.success('Đã hoàn tác hợp nhất');
              },
              onError: (error) => void message.error(errorText(error)),
            })
          }
        >
          {DUPLICATES.undo}
        </Button>
      }
    />
  );
}
