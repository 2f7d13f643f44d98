import { Alert, Card, Flex, Select, Table, Tag, Typography } from 'antd';
import type { FilePreview, MappingOverrides, PackageFileKind, PackagePreview } from '../../api/imports.ts';
import { IMPORTS } from '../../i18n/vi.ts';

/** canonical column → index of the file column mapped to it (null: none), per file kind. */
export type MappingChoice = Partial<Record<PackageFileKind, Record<string, number | null>>>;

export function choiceFromPreview(preview: PackagePreview): MappingChoice {
  const choice: MappingChoice = {};
  for (const file of preview.files) {
    const own: Record<string, number | null> = {};
    for (const canonical of preview.columns[file.kind]) {
      own[canonical] = file.mapping.columns.find((c) => c.canonical === canonical)?.index ?? null;
    }
    choice[file.kind] = own;
  }
  return choice;
}

/** The corrections to send, keyed by column index as the API expects; undefined when nothing changed. */
export function overridesFromChoice(
  preview: PackagePreview,
  choice: MappingChoice,
): MappingOverrides | undefined {
  const overrides: MappingOverrides = {};
  let changed = false;
  for (const file of preview.files) {
    const own = choice[file.kind] ?? {};
    const byIndex = new Map<number, string>();
    for (const [canonical, index] of Object.entries(own)) if (index !== null) byIndex.set(index, canonical);
    const list = file.mapping.columns.map((column) => ({
      index: column.index,
      canonical: byIndex.get(column.index) ?? null,
    }));
    if (list.some((item, i) => item.canonical !== (file.mapping.columns[i]?.canonical ?? null)))
      changed = true;
    overrides[file.kind] = list;
  }
  return changed ? overrides : undefined;
}

/** Step 2: each canonical column of the 4.0 model ← the header of the file it is read from. */
export function MappingStep({
  preview,
  choice,
  onChange,
}: {
  preview: PackagePreview;
  choice: MappingChoice;
  onChange: (choice: MappingChoice) => void;
}) {
  return (
    <Flex vertical gap={16}>
      {preview.files.map((file) => (
        <FileMapping
          key={file.kind}
          file={file}
          columns={preview.columns[file.kind]}
          required={preview.requiredColumns[file.kind]}
          choice={choice[file.kind] ?? {}}
          onChange={(own) => onChange({ ...choice, [file.kind]: own })}
        />
      ))}
    </Flex>
  );
}

function FileMapping({
  file,
  columns,
  required,
  choice,
  onChange,
}: {
  file: FilePreview;
  columns: string[];
  required: string[];
  choice: Record<string, number | null>;
  onChange: (choice: Record<string, number | null>) => void;
}) {
  const used = new Set(Object.values(choice).filter((v): v is number => v !== null));
  const unmapped = file.mapping.columns.filter((c) => !used.has(c.index));
  const missing = required.filter((c) => choice[c] === null || choice[c] === undefined);
  return (
    <Card
      size="small"
      title={`${IMPORTS.fileKinds[file.kind] ?? file.kind}: ${file.name}`}
      data-testid={`mapping-${file.kind}`}
    >
      {missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`Thiếu cột bắt buộc: ${missing.join(', ')}. Hãy chọn cột tương ứng trong tệp.`}
        />
      )}
      <Table
        size="small"
        pagination={false}
        rowKey="canonical"
        dataSource={columns.map((canonical) => ({ canonical }))}
        columns={[
          {
            title: 'Cột trong CSDL 4.0',
            dataIndex: 'canonical',
            width: 260,
            render: (canonical: string) => {
              const isRequired = required.includes(canonical);
              const isMissing = isRequired && (choice[canonical] ?? null) === null;
              return (
                <span style={isMissing ? { color: '#cf1322', fontWeight: 600 } : undefined}>
                  {canonical} {isRequired && <Tag color={isMissing ? 'red' : 'default'}>bắt buộc</Tag>}
                </span>
              );
            },
          },
          {
            title: 'Lấy từ cột của tệp',
            render: (_: unknown, { canonical }: { canonical: string }) => (
              <Select
                style={{ width: '100%', maxWidth: 360 }}
                allowClear
                placeholder="(không có trong tệp)"
                aria-label={`Cột nguồn cho ${canonical}`}
                value={choice[canonical] ?? undefined}
                status={
                  required.includes(canonical) && (choice[canonical] ?? null) === null ? 'error' : undefined
                }
                options={file.mapping.columns.map((c) => ({
                  value: c.index,
                  label: c.header || `(cột ${c.index + 1})`,
                }))}
                onChange={(value: number | undefined) => onChange({ ...choice, [canonical]: value ?? null })}
              />
            ),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
        Cột không nhận ra (vẫn giữ nguyên trong dữ liệu gốc):{' '}
        {unmapped.length === 0 ? (
          <Typography.Text type="secondary">không có</Typography.Text>
        ) : (
          unmapped.map((c) => <Tag key={c.index}>{c.header || `(cột ${c.index + 1})`}</Tag>)
        )}
      </Typography.Paragraph>
    </Card>
  );
}
