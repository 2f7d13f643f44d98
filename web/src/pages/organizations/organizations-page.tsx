import { useEffect, useState } from 'react';
import { Card, Col, Empty, Flex, Row, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { OrgTree } from './org-tree.tsx';
import { OrgSearch } from './org-search.tsx';
import { OrgDetail } from './org-detail.tsx';

function useWindowHeight(): number {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

export default function OrganizationsPage() {
  const params = useParams();
  const navigate = useNavigate();
  const parsed = Number(params['orgId']);
  const orgId = Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
  const treeHeight = Math.max(320, useWindowHeight() - 230);

  const open = (id: number) => {
    if (id !== orgId) void navigate(`/to-chuc/${id}`);
  };

  return (
    <Row gutter={[16, 16]} wrap>
      <Col xs={24} lg={8} xxl={7}>
        <Card size="small" title="Tổ chức đảng" styles={{ body: { paddingTop: 12 } }}>
          <Flex vertical gap={12}>
            <OrgSearch onPick={(org) => open(org.id)} />
            <OrgTree selectedId={orgId} onSelect={(org) => open(org.id)} height={treeHeight} />
          </Flex>
        </Card>
      </Col>
      <Col xs={24} lg={16} xxl={17}>
        {orgId === undefined ? (
          <Card>
            <Empty
              description={
                <Typography.Text type="secondary">
                  Chọn một tổ chức trên cây hoặc tìm theo tên để xem thông tin và danh sách đảng viên.
                </Typography.Text>
              }
            />
          </Card>
        ) : (
          <OrgDetail orgId={orgId} />
        )}
      </Col>
    </Row>
  );
}
