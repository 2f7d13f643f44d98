import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from './client.ts';

export type Permission =
  'org.read' | 'org.write' | 'member.read' | 'member.write' | 'account.manage' | (string & {});

export interface Me {
  id: number;
  username: string;
  fullName: string;
  roles: number[];
  permissions: Permission[];
  scope: { orgId: number | null; name: string };
  mustChangePassword: boolean;
  totpRequired: boolean;
  totpEnabled: boolean;
  /** A step to do before using the system: change the temporary password, then enrol two-factor. */
  pendingStep: 'PASSWORD_CHANGE_REQUIRED' | 'TOTP_ENROLLMENT_REQUIRED' | null;
}

export const meQueryKey = ['auth', 'me'] as const;

/** The signed-in account; `null` when there is no session (not an error for the shell). */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        return await api.get<Me>('/api/auth/me', undefined, signal);
      } catch (error) {
        if (isApiError(error, 'UNAUTHENTICATED')) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function hasPermission(me: Me | null | undefined, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false;
}

/** A system administrator with a national scope: the one who sets campaigns (src/app/campaign). */
export function isNationalAdmin(me: Me | null | undefined): boolean {
  return hasPermission(me, 'account.manage') && me?.scope.orgId === null;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string; totpCode?: string; recoveryCode?: string }) =>
      api.post<{ account: Me }>('/api/auth/login', input),
    onSuccess: ({ account }) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
      queryClient.setQueryData(meQueryKey, account);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
