// Every Vietnamese label of the UI that names a domain value lives here, so wording is changed in one place.
import type { OrgStatus, OrgType } from '../api/organizations.ts';
import type { Gender, MemberEditableField, MemberStatus } from '../api/members.ts';

export const PRODUCT_NAME = 'CSDL Đảng viên 4.0';

export const ORG_TYPE_LABELS: Record<OrgType, string> = {
  DBT: 'Đảng bộ tỉnh',
  DUTW: 'Đảng ủy trực thuộc Trung ương',
  DBH: 'Đảng bộ huyện',
  DBX: 'Đảng bộ xã',
  DBCS: 'Đảng bộ cơ sở',
  CBCS: 'Chi bộ cơ sở',
  DBBP: 'Đảng bộ bộ phận',
  CBTT: 'Chi bộ trực thuộc',
};
export const ORG_TYPE_UNKNOWN = 'Chưa xác định loại';
/** The district level was abolished on 1 July 2025; such nodes must be reorganized. */
export const ORG_OBSOLETE_LEVEL_TAG = 'Cấp huyện (đã bỏ)';

export const ORG_STATUS_LABELS: Record<OrgStatus, string> = {
  HOAT_DONG: 'Đang hoạt động',
  GIAI_THE: 'Đã giải thể',
  SAP_NHAP: 'Đã sáp nhập',
};

export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  CHINH_THUC: 'Chính thức',
  DU_BI: 'Dự bị',
  MIEN_SINH_HOAT: 'Miễn sinh hoạt',
  CHUYEN_DI: 'Đã chuyển đi',
  TU_TRAN: 'Từ trần',
  XOA_TEN: 'Xóa tên',
  KHAI_TRU: 'Khai trừ',
};

export const GENDER_LABELS: Record<Gender, string> = { Nam: 'Nam', Nữ: 'Nữ' };

export const ROLE_LABELS: Record<number, string> = {
  1: 'Quản trị hệ thống',
  2: 'Nhập liệu',
  3: 'Chuyển sinh hoạt Đảng',
  4: 'Làm thẻ Đảng',
  5: 'Làm huy hiệu Đảng',
};

export const MEMBER_FIELD_LABELS: Record<MemberEditableField, string> = {
  fullName: 'Họ và tên',
  otherName: 'Tên gọi khác',
  gender: 'Giới tính',
  birthDate: 'Ngày sinh',
  birthPlace: 'Nơi sinh',
  hometown: 'Quê quán',
  hometownProvinceCode: 'Tỉnh/thành phố (quê quán)',
  hometownCommuneCode: 'Xã/phường (quê quán)',
  residence: 'Nơi thường trú',
  residenceProvinceCode: 'Tỉnh/thành phố (thường trú)',
  residenceCommuneCode: 'Xã/phường (thường trú)',
  ethnicityCode: 'Dân tộc',
  religion: 'Tôn giáo',
  citizenId: 'Số CCCD',
  phone: 'Số điện thoại',
  email: 'Thư điện tử',
  admissionDate: 'Ngày vào Đảng',
  officialDate: 'Ngày chính thức',
  partyCardNo: 'Số thẻ đảng viên',
  generalEducation: 'Giáo dục phổ thông',
  professionalQualification: 'Trình độ chuyên môn',
  politicalTheory: 'Lý luận chính trị',
  occupation: 'Nghề nghiệp',
  status: 'Trạng thái',
  deathDate: 'Ngày từ trần',
};

export const ORG_FIELD_LABELS = {
  name: 'Tên tổ chức',
  type: 'Loại tổ chức',
  legacyCode: 'Mã tổ chức (CSDL 3.0)',
  status: 'Trạng thái',
  foundingDate: 'Ngày thành lập',
  adminUnit: 'Đơn vị hành chính',
  parents: 'Trực thuộc',
  memberCount: 'Số đảng viên sinh hoạt trực tiếp',
  childCount: 'Số tổ chức trực thuộc',
} as const;

export const VALIDATION = {
  required: (label: string) => `Vui lòng nhập ${label.toLowerCase()}`,
  requiredSelect: (label: string) => `Vui lòng chọn ${label.toLowerCase()}`,
  citizenId: 'Số CCCD phải gồm đúng 12 chữ số',
  phone: 'Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0',
  email: 'Thư điện tử không đúng định dạng (ví dụ: ten@example.vn)',
  partialDate: 'Ngày không hợp lệ. Nhập theo dạng dd/mm/yyyy, mm/yyyy hoặc yyyy',
  futureDate: 'Ngày không được sau ngày hôm nay',
  officialBeforeAdmission: 'Ngày chính thức không được trước ngày vào Đảng',
  tooLong: (max: number) => `Không quá ${max} ký tự`,
} as const;

export const COMMON = {
  loading: 'Đang tải…',
  retry: 'Thử lại',
  empty: '(trống)',
  unexpectedError: 'Đã xảy ra lỗi không mong muốn. Vui lòng tải lại trang hoặc thử lại sau.',
  networkError: 'Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại.',
} as const;

// One person, one record (issue 6): the duplicates queue and merges.
export const DUPLICATES = {
  menu: 'Trùng lặp đảng viên',
  statuses: {
    pending: 'Chờ xử lý',
    merged: 'Đã hợp nhất',
    different: 'Khác người',
    unsure: 'Chuyển cấp trên',
  },
  bands: { probable: 'Nhiều khả năng trùng', review: 'Cần xem xét' },
  merge: 'Cùng một người → hợp nhất',
  different: 'Khác người',
  escalate: 'Chưa chắc chắn (chuyển cấp trên)',
  undo: 'Hoàn tác hợp nhất',
  /** Vietnamese text of the INVALID_OPERATION reasons of the duplicates API. */
  reasons: {
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
  } as Record<string, string>,
} as const;

// The migration from 3.0 (issue 4): the import wizard.
export const IMPORTS = {
  menu: 'Chuyển dữ liệu từ 3.0',
  phases: {
    'reading-organizations': 'Đọc tệp tổ chức',
    organizations: 'Nạp tổ chức',
    members: 'Nạp đảng viên',
    merging: 'Ghi dữ liệu',
    reconciling: 'Đối soát',
  } as Record<string, string>,
  fileKinds: { organizations: 'Tệp tổ chức', members: 'Tệp đảng viên' } as Record<string, string>,
  runStatuses: {
    running: 'Đang chạy',
    succeeded: 'Thành công',
    failed: 'Thất bại',
    rejected: 'Bị từ chối',
    rolled_back: 'Đã hoàn tác',
  } as Record<string, string>,
} as const;

// Data quality (issue 5): findings next to the fields, the findings list, bulk acceptance.
export const FINDINGS = {
  section: 'Lỗi dữ liệu',
  groups: {
    ORG: 'Tổ chức đảng',
    REQ: 'Thiếu thông tin bắt buộc',
    ID: 'Định danh (CCCD, điện thoại, thẻ đảng)',
    TEXT: 'Chữ viết, phông chữ',
    CODE: 'Danh mục (giới tính, dân tộc, tôn giáo…)',
    ADDR: 'Địa chỉ, đơn vị hành chính',
    DATE: 'Ngày tháng',
    LIVE: 'Sinh hoạt đảng',
    DUP: 'Trùng lặp',
    RECON: 'Đối soát CSDL dân cư',
  } as Record<string, string>,
  statuses: { open: 'Chưa xử lý', fixed: 'Đã sửa', dismissed: 'Đã bỏ qua' } as Record<string, string>,
  severities: { error: 'Lỗi', warning: 'Cảnh báo', fix: 'Cần chuẩn hóa' } as Record<string, string>,
  accept: 'Áp dụng gợi ý',
  dismiss: 'Bỏ qua',
  undo: 'Hoàn tác',
  suggested: 'Gợi ý',
  dismissReasonLabel: 'Lý do bỏ qua',
  dismissReasonRequired: 'Nhập lý do (ít nhất 5 ký tự)',
  /** Canonical legacy columns named in Vietnamese (for findings not shown next to a form field). */
  fields: {
    HO_TEN: 'Họ và tên',
    TEN_GOI_KHAC: 'Tên gọi khác',
    NOI_SINH: 'Nơi sinh',
    NGAY_SINH: 'Ngày sinh',
    GIOI_TINH: 'Giới tính',
    SO_CCCD: 'Số CCCD',
    SO_DIEN_THOAI: 'Số điện thoại',
    EMAIL: 'Thư điện tử',
    QUE_QUAN: 'Quê quán',
    MA_DVHC_QUE_QUAN: 'Mã ĐVHC quê quán',
    THUONG_TRU: 'Nơi thường trú',
    MA_DVHC_THUONG_TRU: 'Mã ĐVHC thường trú',
    DAN_TOC: 'Dân tộc',
    TON_GIAO: 'Tôn giáo',
    NGAY_VAO_DANG: 'Ngày vào Đảng',
    NGAY_CHINH_THUC: 'Ngày chính thức',
    SO_THE_DANG: 'Số thẻ đảng viên',
    TRANG_THAI: 'Trạng thái',
    NGAY_MAT: 'Ngày từ trần',
    TRINH_DO_GDPT: 'Giáo dục phổ thông',
    CHUYEN_MON: 'Trình độ chuyên môn',
    NGHE_NGHIEP: 'Nghề nghiệp',
    LY_LUAN_CHINH_TRI: 'Lý luận chính trị',
    MA_TO_CHUC: 'Tổ chức đảng',
    MA_TO_CHUC_CHA: 'Tổ chức cấp trên',
    LOAI_TO_CHUC: 'Loại tổ chức',
    TEN_TO_CHUC: 'Tên tổ chức',
    MA_DVHC: 'Đơn vị hành chính',
  } as Record<string, string>,
  /** Vietnamese text of the INVALID_OPERATION reasons of the findings API. */
  reasons: {
    FINDING_NOT_OPEN: 'Lỗi này đã được xử lý (có thể bởi người khác). Danh sách đã được tải lại.',
    ONLY_WARNINGS_DISMISSABLE: 'Chỉ có thể bỏ qua cảnh báo; lỗi phải được sửa.',
    NO_APPLICABLE_SUGGESTION: 'Lỗi này không có một giá trị gợi ý để áp dụng tự động; hãy sửa trực tiếp.',
    FIX_CHANGED_SINCE: 'Hồ sơ đã được sửa sau lần sửa này nên không hoàn tác tự động được.',
  } as Record<string, string>,
} as const;

// The campaign (issue 8): settings of the national administrator, responsibility, problem reports.
export const CAMPAIGN = {
  settingsMenu: 'Thiết lập chiến dịch',
  statuses: { open: 'Đang mở', closed: 'Đã kết thúc' } as Record<string, string>,
  fields: {
    name: 'Tên chiến dịch',
    period: 'Thời gian',
    startsOn: 'Ngày bắt đầu',
    endsOn: 'Ngày kết thúc',
    referenceDate: 'Ngày mốc dữ liệu',
    freezeAt: 'Thời điểm khóa số liệu',
    excludedRoots: 'Đảng bộ không tham gia',
    rulesInForce: 'Quy tắc kiểm tra áp dụng',
    status: 'Trạng thái',
    closedAt: 'Kết thúc lúc',
  },
  conflict:
    'Chiến dịch vừa được người khác thay đổi trong lúc bạn sửa. Màn hình đã tải lại bản mới nhất: hãy kiểm tra rồi lưu lại.',
  responsibilityConflict:
    'Người chịu trách nhiệm vừa được người khác cập nhật. Màn hình đã tải lại bản mới nhất: hãy kiểm tra rồi lưu lại.',
  nationalOnly: 'Chỉ quản trị hệ thống cấp Trung ương mới thiết lập được chiến dịch.',
} as const;

export const PROBLEM_REPORTS = {
  categories: { technical: 'Lỗi kỹ thuật', data: 'Dữ liệu', access: 'Tài khoản, truy cập' } as Record<
    string,
    string
  >,
  statuses: { open: 'Chờ trả lời', answered: 'Đã trả lời', resolved: 'Đã giải quyết' } as Record<
    string,
    string
  >,
  replyKinds: { reply: 'Trả lời', escalation: 'Chuyển Trung ương', resolution: 'Đã giải quyết' } as Record<
    string,
    string
  >,
  actions: { reply: 'Trả lời', escalate: 'Chuyển Trung ương', resolve: 'Đã giải quyết' } as Record<
    string,
    string
  >,
  attachments: 'Tệp đính kèm',
  tooLarge: (name: string) => `Tệp “${name}” lớn hơn 3 MB: hãy nén hoặc chia nhỏ trước khi gửi.`,
  empty: (name: string) => `Tệp “${name}” rỗng: hãy chọn lại tệp.`,
  wrongType: (name: string) =>
    `Tệp “${name}” không được nhận: chỉ đính kèm PDF, ảnh (PNG, JPG, WEBP), Word, Excel, CSV hoặc TXT.`,
  acceptedHint: 'PDF, ảnh (PNG, JPG, WEBP), Word, Excel, CSV hoặc TXT; mỗi tệp không quá 3 MB.',
  tooMany: (max: number) => `Gửi tối đa ${max} tệp đính kèm mỗi lần.`,
} as const;
