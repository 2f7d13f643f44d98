import { Table } from 'antd';
import type { RejectedRow } from '../../api/imports.ts';

/** Rejected rows: file, row, column and the reason, as the importer words it. */
export function RejectedRowsTable({ rows, testId }: { rows: RejectedRow[]; testId?: string }) {
  return (
    <Table
      size="small"
      data-testid={testId}
      rowKey={(r) => `${r.file}:${r.rowNumber}:${r.column ?? ''}:${r.reason}`}
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: 'Không có dòng nào bị từ chối' }}
      columns={[
        { title: 'Tệp', dataIndex: 'file', width: 180 },
        { title: 'Dòng', dataIndex: 'rowNumber', width: 80 },
        { title: 'Cột', dataIndex: 'column', width: 160, render: (c: string | null) => c ?? '—' },
        { title: 'Lý do', dataIndex: 'messageVi' },
      ]}
    />
  );
}
