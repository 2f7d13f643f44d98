import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type AppErrorCode } from '../core/errors.ts';

/** Every operation error code → HTTP status and the Vietnamese message shown to the user. */
const ERROR_TABLE: Record<AppErrorCode | 'INTERNAL', { status: number; message: string }> = {
  NOT_FOUND: { status: 404, message: 'Không tìm thấy dữ liệu hoặc bạn không có quyền truy cập.' },
  VERSION_CONFLICT: {
    status: 409,
    message: 'Hồ sơ đã được người khác cập nhật trong lúc bạn sửa. Hãy xem bản mới nhất rồi lưu lại.',
  },
  VALIDATION_FAILED: { status: 400, message: 'Dữ liệu nhập chưa hợp lệ.' },
  UNAUTHENTICATED: { status: 401, message: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.' },
  INVALID_CREDENTIALS: { status: 401, message: 'Tên đăng nhập hoặc mật khẩu không đúng.' },
  FORBIDDEN_ACTION: { status: 403, message: 'Tài khoản của bạn không có quyền thực hiện thao tác này.' },
  INVALID_OPERATION: { status: 422, message: 'Không thể thực hiện thao tác này.' },
  FROZEN: { status: 423, message: 'Hệ thống đang tạm dừng cập nhật dữ liệu. Vui lòng thử lại sau.' },
  IMPORT_REJECTED: { status: 422, message: 'Gói dữ liệu không nhập được.' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message: 'Bạn cần đổi mật khẩu tạm thời trước khi sử dụng hệ thống.',
  },
  TOTP_ENROLLMENT_REQUIRED: {
    status: 403,
    message: 'Tài khoản quản trị phải bật xác thực hai lớp (mã OTP) trước khi sử dụng hệ thống.',
  },
  TOTP_REQUIRED: {
    status: 401,
    message: 'Nhập mã xác thực 6 số từ ứng dụng xác thực (hoặc một mã khôi phục).',
  },
  INVALID_TOTP: { status: 401, message: 'Mã xác thực không đúng hoặc đã được dùng.' },
  ACCOUNT_LOCKED: {
    status: 423,
    message: 'Tài khoản tạm khóa do nhập sai nhiều lần. Vui lòng thử lại sau ít phút hoặc liên hệ quản trị.',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    message: 'Có quá nhiều lần đăng nhập sai từ máy này. Vui lòng thử lại sau ít phút.',
  },
  INVALID_TOKEN: { status: 400, message: 'Liên kết kích hoạt không đúng, đã dùng hoặc đã hết hạn.' },
  INTERNAL: { status: 500, message: 'Đã có lỗi hệ thống. Vui lòng thử lại hoặc báo cho bộ phận kỹ thuật.' },
};

/** More precise Vietnamese messages for INVALID_OPERATION reasons. */
const REASON_MESSAGES: Record<string, string> = {
  HAS_ACTIVE_MEMBERS:
    'Tổ chức còn đảng viên đang sinh hoạt: hãy chuyển họ sang tổ chức khác trước khi giải thể.',
  HAS_ACTIVE_CHILDREN: 'Tổ chức còn tổ chức trực thuộc đang hoạt động: hãy chuyển hoặc giải thể chúng trước.',
  TYPE_PARENT_MISMATCH: 'Loại tổ chức này không thể trực thuộc tổ chức cấp trên đã chọn.',
  MOVE_INTO_OWN_SUBTREE: 'Không thể chuyển một tổ chức vào chính tổ chức trực thuộc của nó.',
  CANNOT_MOVE_ROOT: 'Không thể chuyển đảng bộ cấp tỉnh.',
  PARENT_NOT_ACTIVE: 'Tổ chức cấp trên đã giải thể hoặc sáp nhập.',
  NOT_ACTIVE: 'Tổ chức đã giải thể hoặc sáp nhập.',
  ORG_HOLDS_NO_MEMBERS: 'Chỉ chi bộ đang hoạt động mới trực tiếp quản lý đảng viên.',
  FINDING_NOT_OPEN: 'Phát hiện này đã được xử lý (đã sửa hoặc đã bỏ qua).',
  NO_APPLICABLE_SUGGESTION:
    'Phát hiện này không có giá trị đề xuất để áp dụng: hãy sửa trực tiếp trên hồ sơ.',
  ONLY_WARNINGS_DISMISSABLE: 'Chỉ bỏ qua được cảnh báo; lỗi phải được sửa trên hồ sơ.',
  FIX_CHANGED_SINCE: 'Hồ sơ đã được sửa sau lần chuẩn hóa này nên không hoàn tác được.',
  // Duplicates (issue 6)
  PAIR_DECIDED: 'Cặp hồ sơ này đã được xử lý.',
  PAIR_ESCALATED: 'Cặp hồ sơ đã được chuyển lên cấp trên; cấp trên sẽ quyết định.',
  NO_LEVEL_ABOVE: 'Không có cấp trên để chuyển: hãy quyết định cùng một người hay khác người.',
  RECORD_OUTSIDE_SCOPE:
    'Một hồ sơ thuộc đơn vị ngoài phạm vi của bạn: hãy chuyển cấp trên để cấp quản lý cả hai hồ sơ hợp nhất.',
  ALREADY_MERGED: 'Một trong hai hồ sơ đã được hợp nhất với hồ sơ khác.',
  MERGE_ALREADY_UNDONE: 'Lần hợp nhất này đã được hoàn tác.',
  MERGE_CHANGED_SINCE:
    'Hồ sơ đã được sửa sau khi hợp nhất nên không hoàn tác tự động được. Hãy sửa trực tiếp trên hồ sơ.',
  NO_REGISTER_EXTRACT: 'Chưa tải lên dữ liệu dân cư của tỉnh để đối soát.',
  // Accounts: delegated administration (src/core/accounts/delegation.ts) and requests.
  ROLE_NOT_HELD: 'Bạn chỉ được cấp những quyền mà tài khoản của bạn đang có.',
  ADMIN_AT_OWN_LEVEL:
    'Quyền quản trị chỉ được cấp cho cấp dưới; quản trị cùng cấp do cấp trên tạo và quản lý.',
  OWN_ACCOUNT: 'Không thể tự thay đổi phạm vi, quyền hoặc trạng thái của chính tài khoản mình.',
  NO_ROLES: 'Tài khoản phải có ít nhất một quyền.',
  NOT_ADMIN: 'Chỉ tài khoản có quyền Quản trị hệ thống mới quản lý được tài khoản.',
  REQUEST_DECIDED: 'Đề nghị này đã được xử lý.',
  USERNAME_TAKEN: 'Tên đăng nhập đã có người dùng.',
  WRONG_PASSWORD: 'Mật khẩu hiện tại không đúng.',
  TOTP_MANDATORY: 'Tài khoản quản trị hệ thống bắt buộc dùng xác thực hai lớp, không thể tắt.',
  FORM_NOT_RECOGNIZED: 'Không đọc được biểu mẫu: hãy dùng đúng mẫu Phụ lục 01 tải từ hệ thống (tệp .xlsx).',
};

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

export function sendAppError(reply: FastifyReply, error: AppError) {
  const entry = ERROR_TABLE[error.code];
  const reason = typeof error.details.reason === 'string' ? REASON_MESSAGES[error.details.reason] : undefined;
  const body: ErrorBody = {
    error: { code: error.code, message: reason ?? entry.message, details: error.details },
  };
  return reply.status(entry.status).send(body);
}

const VI_ISSUE: Record<string, string> = {
  too_small: 'Giá trị quá ngắn hoặc quá nhỏ',
  too_big: 'Giá trị quá dài hoặc quá lớn',
  invalid_type: 'Thiếu hoặc sai kiểu dữ liệu',
  invalid_format: 'Sai định dạng',
  invalid_value: 'Giá trị không được chấp nhận',
  unrecognized_keys: 'Có trường không được phép',
};

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendAppError(reply, error);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v: { instancePath: string; params: { issue?: unknown } }) => {
      const issue = (v.params.issue ?? {}) as { message?: string; code?: string };
      // Our schemas carry Vietnamese messages; zod's own defaults are English, so map those by code.
      const ownMessage = issue.message && /[À-ỹ]/u.test(issue.message) ? issue.message : undefined;
      return {
        path: `${error.validationContext ?? ''}${v.instancePath}`.replace(/^body\//, '').replace(/\//g, '.'),
        message: ownMessage ?? VI_ISSUE[String(issue.code)] ?? 'Giá trị không hợp lệ',
      };
    });
    return sendAppError(reply, new AppError('VALIDATION_FAILED', { issues }));
  }
  if (
    error.statusCode === 415 ||
    error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    error.statusCode === 400
  ) {
    return sendAppError(
      reply,
      new AppError('VALIDATION_FAILED', { issues: [{ path: '', message: 'Nội dung yêu cầu không hợp lệ' }] }),
    );
  }
  request.log.error({ err: error }, 'unhandled error');
  const body: ErrorBody = {
    error: { code: 'INTERNAL', message: ERROR_TABLE.INTERNAL.message, details: { requestId: request.id } },
  };
  return reply.status(500).send(body);
}
