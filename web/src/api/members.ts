import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export const MEMBER_STATUSES = [
  'CHINH_THUC',
  'DU_BI',
  'MIEN_SINH_HOAT',
  'CHUYEN_DI',
  'TU_TRAN',
  'XOA_TEN',
  'KHAI_TRU',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const GENDERS = ['Nam', 'Nữ'] as const;
export type Gender = (typeof GENDERS)[number];

export interface MemberSummary {
  id: number;
  legacyId: string | null;
  fullName: string;
  gender: Gender | null;
  birthDate: string | null;
  citizenId: string | null;
  phone: string | null;
  status: MemberStatus | null;
  admissionDate: string | null;
  officialDate: string | null;
  partyCardNo: string | null;
  orgId: number;
  orgName: string;
}

export interface Member extends MemberSummary {
  otherName: string | null;
  birthPlace: string | null;
  hometown: string | null;
  hometownProvinceCode: string | null;
  hometownCommuneCode: string | null;
  residence: string | null;
  residenceProvinceCode: string | null;
  residenceCommuneCode: string | null;
  ethnicityCode: string | null;
  religion: string | null;
  email: string | null;
  generalEducation: string | null;
  professionalQualification: string | null;
  politicalTheory: string | null;
  occupation: string | null;
  deathDate: string | null;
  provinceCode: string;
  version: number;
  legacyRaw: Record<string, string> | null;
  createdAt: string;
  updatedAt: string;
}

/** The fields PATCH /api/members/:id accepts in `changes` (the Member fields of the contract). */
export const MEMBER_EDITABLE_FIELDS = [
  'fullName',
  'otherName',
  'gender',
  'birthDate',
  'birthPlace',
  'ethnicityCode',
  'religion',
  'citizenId',
  'phone',
  'email',
  'occupation',
  'hometown',
  'hometownProvinceCode',
  'hometownCommuneCode',
  'residence',
  'residenceProvinceCode',
  'residenceCommuneCode',
  'status',
  'admissionDate',
  'officialDate',
  'partyCardNo',
  'deathDate',
  'generalEducation',
  'professionalQualification',
  'politicalTheory',
] as const satisfies ReadonlyArray<keyof Member>;
export type MemberEditableField = (typeof MEMBER_EDITABLE_FIELDS)[number];
export type MemberChanges = Partial<{ [K in MemberEditableField]: Member[K] }>;

export const MEMBER_DATE_FIELDS = ['birthDate', 'admissionDate', 'officialDate', 'deathDate'] as const;
export type MemberDateField = (typeof MEMBER_DATE_FIELDS)[number];

export type MemberSortField = 'fullName' | 'birthDate' | 'admissionDate' | 'status';

export interface MemberListParams {
  orgId: number;
  page: number;
  pageSize: number;
  q?: string;
  status?: MemberStatus;
  gender?: Gender;
  subtree?: boolean;
  sort?: MemberSortField;
  order?: 'asc' | 'desc';
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const memberKeys = {
  list: (params: MemberListParams) => ['members', 'list', params] as const,
  detail: (id: number) => ['members', id] as const,
};

export function useOrganizationMembers(params: MemberListParams) {
  const { orgId, subtree, ...rest } = params;
  return useQuery({
    queryKey: memberKeys.list(params),
    queryFn: ({ signal }) =>
      api.get<Page<MemberSummary>>(
        `/api/organizations/${orgId}/members`,
        { ...rest, q: rest.q?.trim(), subtree: subtree ? 'true' : undefined },
        signal,
      ),
    // Keep the old page on screen while the next one loads: no flashing of a large table.
    placeholderData: keepPreviousData,
  });
}

export function useMember(id: number | undefined) {
  return useQuery({
    queryKey: memberKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<Member>(`/api/members/${id ?? 0}`, undefined, signal),
    enabled: id !== undefined,
    // A record being edited must not be replaced under the user's hands by a background refetch.
    staleTime: Infinity,
  });
}

export function useUpdateMember(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { version: number; changes: MemberChanges }) =>
      api.patch<Member>(`/api/members/${id}`, input),
    onSuccess: (member) => {
      queryClient.setQueryData(memberKeys.detail(id), member);
      void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
    },
  });
}
