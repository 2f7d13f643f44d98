import { useState } from 'react';
import { SearchOutlined } from '@ant-design/icons';
import { Input, List, Typography } from 'antd';
import { ancestorsTopDown, useOrganizationSearch, type OrgSearchHit } from '../../api/organizations.ts';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { OrgTypeIcon, OrgTypeTag } from '../../components/org-type-tag.tsx';
import { QueryError } from '../../components/query-error.tsx';

/** Accent-insensitive search over the organizations in scope; a hit opens its node in the tree. */
export function OrgSearch({ onPick }: { onPick: (org: OrgSearchHit) => void }) {
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 300);
  const search = useOrganizationSearch(q);
  const isActive = q.length >= 2;

  return (
    <div>
      <Input
        prefix={<SearchOutlined aria-hidden />}
        data-testid="org-search"
        aria-label="Tìm tổ chức đảng"
        placeholder="Tìm tổ chức (gõ không dấu cũng được)"
        allowClear
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {text.trim().length === 1 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Nhập ít nhất 2 ký tự để tìm.
        </Typography.Text>
      )}
      {isActive && search.isError && <QueryError error={search.error} compact />}
      {isActive && search.data && (
        <List<OrgSearchHit>
          aria-label="Kết quả tìm tổ chức"
          data-testid="org-search-results"
          size="small"
          bordered
          style={{ marginTop: 8, maxHeight: 320, overflow: 'auto', background: '#fff' }}
          locale={{ emptyText: 'Không tìm thấy tổ chức phù hợp' }}
          dataSource={search.data}
          renderItem={(org) => (
            <List.Item style={{ padding: 0 }}>
              <button
                type="button"
                data-testid="org-search-result"
                className="org-search-result"
                onClick={() => {
                  onPick(org);
                  setText('');
                }}
              >
                <span style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
                  <OrgTypeIcon type={org.type} />
                  <Typography.Text strong delete={org.status !== 'HOAT_DONG'}>
                    {org.name}
                  </Typography.Text>
                  <OrgTypeTag type={org.type} />
                </span>
                {org.ancestors.length > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    {ancestorsTopDown(org)
                      .map((a) => a.name)
                      .join(' › ')}
                  </Typography.Text>
                )}
              </button>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
