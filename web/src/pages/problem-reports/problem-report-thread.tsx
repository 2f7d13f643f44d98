import { useState } from 'react';
import { App, Button, Empty, Flex, Input, Spin, Tag, Typography } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { PaperClipOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { isApiError } from '../../api/client.ts';
import {
  attachmentUrl,
  downloadAttachment,
  MAX_FILES_PER_SEND,
  useProblemAction,
  useProblemReport,
  useUploadProblemAttachments,
  type ProblemAction,
  type ProblemAttachment,
} from '../../api/problem-reports.ts';
import { QueryError } from '../../components/query-error.tsx';
import { COMMON, PROBLEM_REPORTS } from '../../i18n/vi.ts';
import { AttachmentPicker, filesOf } from './attachment-picker.tsx';

const at = (iso: string) => dayjs(iso).format('DD/MM/YYYY HH:mm');
const errorText = (e: unknown) => (isApiError(e) ? e.message : COMMON.unexpectedError);

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024)
    return `${(bytes / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 0 })} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
}

/** One problem report: its text, attachments, the replies, and the answer box with files. */
export function ProblemReportThread({ id }: { id: number }) {
  const report = useProblemReport(id);
  const act = useProblemAction();
  const upload = useUploadProblemAttachments();
  const { message } = App.useApp();
  const [answer, setAnswer] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);

  if (report.isPending) return <Spin description={COMMON.loading} />;
  if (report.isError)
    return <QueryError compact error={report.error} onRetry={() => void report.refetch()} />;
  const r = report.data;
  const can = r.permissions;
  const actions: ProblemAction[] = [
    ...(can.canReply ? (['reply'] as const) : []),
    ...(can.canEscalate ? (['escalate'] as const) : []),
    ...(can.canResolve ? (['resolve'] as const) : []),
  ];

  // Files first: a resolved report takes no more files, and an attachment does not change the version.
  const run = async (action: ProblemAction) => {
    const chosen = filesOf(files);
    if (chosen.length > 0) {
      try {
        await upload.mutateAsync({ id: r.id, files: chosen });
      } catch (error) {
        const name = (error as { fileName?: string }).fileName;
        void message.error(`Chưa gửi được${name ? ` tệp “${name}”` : ' tệp đính kèm'}: ${errorText(error)}`);
        return;
      }
      setFiles([]);
    }
    try {
      await act.mutateAsync({ id: r.id, action, body: answer.trim(), version: r.version });
    } catch (error) {
      void message.error(errorText(error));
      return;
    }
    setAnswer('');
    void message.success(`${PROBLEM_REPORTS.actions[action]}: đã ghi nhận`);
  };

  const busy = act.isPending || upload.isPending;
  return (
    <Flex vertical gap={12} data-testid={`problem-thread-${r.id}`}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.body}</Typography.Paragraph>
      <Typography.Text type="secondary">
        {r.createdByName ?? '—'} gửi lúc {at(r.createdAt)}
        {r.assigneeName ? ` · Người xử lý: ${r.assigneeName}` : ''}
      </Typography.Text>
      <div>
        <Typography.Text strong>{PROBLEM_REPORTS.attachments}</Typography.Text>
        <AttachmentList reportId={r.id} items={r.attachments} />
      </div>
      <Flex vertical gap={8}>
        <Typography.Text strong>Trao đổi</Typography.Text>
        {r.replies.length === 0 ? (
          <Typography.Text type="secondary">Chưa có trả lời.</Typography.Text>
        ) : (
          r.replies.map((reply) => (
            <div key={reply.id} style={{ borderLeft: '3px solid #f0f0f0', paddingLeft: 8 }}>
              <Typography.Text type="secondary">
                <Tag>{PROBLEM_REPORTS.replyKinds[reply.kind] ?? reply.kind}</Tag>
                {reply.authorName ?? '—'} · {at(reply.at)}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
                {reply.body}
              </Typography.Paragraph>
            </div>
          ))
        )}
      </Flex>
      {actions.length > 0 && (
        <Flex vertical gap={8}>
          <Input.TextArea
            rows={2}
            aria-label="Nội dung trả lời"
            placeholder="Nội dung trả lời, chuyển hoặc kết luận"
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          <AttachmentPicker
            value={files}
            onChange={setFiles}
            max={MAX_FILES_PER_SEND}
            testId={`problem-reply-files-${r.id}`}
          />
          <Flex gap={8} wrap>
            {actions.map((a) => (
              <Button
                key={a}
                size="small"
                type={a === 'reply' ? 'primary' : 'default'}
                disabled={answer.trim().length < 2 || (busy && act.variables?.action !== a)}
                loading={busy && act.variables?.action === a}
                onClick={() => void run(a)}
              >
                {PROBLEM_REPORTS.actions[a]}
              </Button>
            ))}
          </Flex>
        </Flex>
      )}
    </Flex>
  );
}

function AttachmentList({ reportId, items }: { reportId: number; items: ProblemAttachment[] }) {
  const { message } = App.useApp();
  if (items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Không có tệp đính kèm" />;
  return (
    <ul style={{ margin: '4px 0 0', paddingLeft: 0, listStyle: 'none' }} data-testid="problem-attachments">
      {items.map((a) => (
        <li key={a.id}>
          <PaperClipOutlined aria-hidden />{' '}
          <a
            href={attachmentUrl(reportId, a.id)}
            // Through fetch: a refusal shows the server's message instead of a page of JSON.
            onClick={(e) => {
              e.preventDefault();
              downloadAttachment(reportId, a).catch((error: unknown) => void message.error(errorText(error)));
            }}
          >
            {a.fileName}
          </a>{' '}
          <Typography.Text type="secondary">({sizeText(a.size)})</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
