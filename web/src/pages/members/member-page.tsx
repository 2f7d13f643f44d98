import { useState } from 'react';
import { Card, Skeleton } from 'antd';
import { useParams } from 'react-router-dom';
import { useMember } from '../../api/members.ts';
import { QueryError } from '../../components/query-error.tsx';
import { MemberForm } from './member-form.tsx';
import { MemberMergesPanel } from '../duplicates/member-merges-panel.tsx';
import NotFoundPage from '../not-found/not-found-page.tsx';

export default function MemberPage() {
  const parsed = Number(useParams()['memberId']);
  const memberId = Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
  const member = useMember(memberId);
  // An undone merge rewrites the record: the form starts again from the restored values.
  const [restored, setRestored] = useState(0);

  if (memberId === undefined) {
    return <NotFoundPage />;
  }
  if (member.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 12 }} />
      </Card>
    );
  }
  if (member.isError) return <QueryError error={member.error} onRetry={() => void member.refetch()} />;
  // One form per record: moving to another member starts from a clean form.
  return (
    <>
      <MemberMergesPanel memberId={member.data.id} onUndone={() => setRestored((n) => n + 1)} />
      <MemberForm key={`${member.data.id}-${restored}`} member={member.data} />
    </>
  );
}
