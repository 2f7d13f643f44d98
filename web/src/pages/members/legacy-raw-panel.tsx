import { Collapse, Descriptions, Typography } from 'antd';

/** The 3.0 values exactly as exported, so staff can check a normalization against the source. */
export function LegacyRawPanel({ legacyRaw }: { legacyRaw: Record<string, string> | null }) {
  const entries = Object.entries(legacyRaw ?? {});
  return (
    <Collapse
      items={[
        {
          key: 'legacy',
          label: 'Dữ liệu gốc từ CSDL 3.0',
          children:
            entries.length === 0 ? (
              <Typography.Text type="secondary">
                Không có dữ liệu gốc (hồ sơ được tạo trên CSDL 4.0).
              </Typography.Text>
            ) : (
              <Descriptions
                size="small"
                bordered
                column={{ xs: 1, lg: 2 }}
                items={entries.map(([column, value]) => ({
                  key: column,
                  label: <code>{column}</code>,
                  children: <span style={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace' }}>{value}</span>,
                }))}
              />
            ),
        },
      ]}
    />
  );
}
