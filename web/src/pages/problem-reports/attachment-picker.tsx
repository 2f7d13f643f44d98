import { App, Button, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { PaperClipOutlined } from '@ant-design/icons';
import { ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES } from '../../api/problem-reports.ts';
import { PROBLEM_REPORTS } from '../../i18n/vi.ts';

const ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');
const isAcceptedName = (name: string) =>
  (ATTACHMENT_EXTENSIONS as readonly string[]).includes(
    /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '',
  );

/** The files chosen in an AttachmentPicker, as File objects for the request. */
export function filesOf(list: UploadFile[] | undefined): File[] {
  return (list ?? []).map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => Boolean(f));
}

/**
 * Chooses files to attach (antd Upload, kept in the browser until the form is sent): refuses, with a Vietnamese
 * message and before anything is sent, a type the server does not take, an empty file, a file over 3 MB, or more
 * than `max` files.
 */
export function AttachmentPicker({
  value,
  onChange,
  max,
  testId,
}: {
  value?: UploadFile[];
  onChange?: (files: UploadFile[]) => void;
  max: number;
  testId?: string;
}) {
  const { message } = App.useApp();
  const files = value ?? [];
  return (
    <div data-testid={testId}>
      <Upload
        multiple
        fileList={files}
        accept={ACCEPT}
        beforeUpload={(file, batch) => {
          if (!isAcceptedName(file.name)) {
            void message.error(PROBLEM_REPORTS.wrongType(file.name));
            return Upload.LIST_IGNORE;
          }
          if (file.size === 0) {
            void message.error(PROBLEM_REPORTS.empty(file.name));
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_ATTACHMENT_BYTES) {
            void message.error(PROBLEM_REPORTS.tooLarge(file.name));
            return Upload.LIST_IGNORE;
          }
          if (files.length + batch.indexOf(file) >= max) {
            void message.error(PROBLEM_REPORTS.tooMany(max));
            return Upload.LIST_IGNORE;
          }
          return false; // sent with the form, not on its own
        }}
        onChange={({ fileList }) => onChange?.(fileList.slice(0, max))}
      >
        <Button icon={<PaperClipOutlined />} disabled={files.length >= max}>
          Chọn tệp đính kèm
        </Button>
      </Upload>
    </div>
  );
}
