import type { DelegationRefusal } from '../../core/accounts/delegation.ts';

/** Why an approval is refused, in the words the approval screen shows beside the request. */
export const REFUSAL_MESSAGES: Record<DelegationRefusal, string> = {
  NOT_ADMIN: 'Chỉ tài khoản có quyền Quản trị hệ thống mới duyệt được.',
  ROLE_NOT_HELD: 'Đề nghị có quyền mà tài khoản của bạn không có: cấp trên phải duyệt.',
  OUTSIDE_SCOPE: 'Tổ chức ngoài phạm vi quản lý của bạn.',
  ADMIN_AT_OWN_LEVEL: 'Quản trị cùng cấp với bạn phải do cấp trên duyệt.',
  OWN_ACCOUNT: 'Không tự duyệt cho chính mình.',
  NO_ROLES: 'Đề nghị chưa có quyền nào.',
};
