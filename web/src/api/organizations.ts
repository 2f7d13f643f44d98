import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export type OrgType = 'DBT' | 'DUTW' | 'DBH' | 'DBX' | 'DBCS' | 'CBCS' | 'DBBP' | 'CBTT';
export type OrgStatus = 'HOAT_DONG' | 'GIAI_THE' | 'SAP_NHAP';

export interface OrgRef {
  id: number;
  name: string;
}

export interface OrgSummary {
  id: number;
  parentId: number | null;
  name: string;
  type: OrgType | null;
  status: OrgStatus;
  legacyCode: string | null;
  provinceCode: string | null;
  childCount: number;
  /** Active members attached directly (not the subtree). */
  memberCount: number;
}

export interface Organization extends OrgSummary {
  foundingDate: string | null;
  adminUnitCode: string | null;
  adminUnitName: string | null;
  version: number;
  ancestors: OrgRef[];
  createdAt: string;
  updatedAt: string;
}

export type OrgSearchHit = OrgSummary & { ancestors: OrgRef[] };

interface Items<T> {
  items: T[];
}

export const organizationKeys = {
  roots: ['organizations', 'roots'] as const,
  children: (id: number) => ['organizations', id, 'children'] as const,
  detail: (id: number) => ['organizations', id, 'detail'] as const,
  search: (q: string) => ['organizations', 'search', q] as const,
};

export function useOrganizationRoots() {
  return useQuery({
    queryKey: organizationKeys.roots,
    queryFn: ({ signal }) => api.get<Items<OrgSummary>>('/api/organizations/roots', undefined, signal),
    select: (data) => data.items,
  });
}

/** Children are fetched through the cache so that re-opening a node is instant. */
export async function fetchOrganizationChildren(queryClient: QueryClient, id: number): Promise<OrgSummary[]> {
  const data = await queryClient.fetchQuery({
    queryKey: organizationKeys.children(id),
    queryFn: ({ signal }) =>
      api.get<Items<OrgSummary>>(`/api/organizations/${id}/children`, undefined, signal),
    staleTime: 60_000,
  });
  return data.items;
}

export function useOrganization(id: number | undefined) {
  return useQuery({
    queryKey: organizationKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<Organization>(`/api/organizations/${id ?? 0}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function fetchOrganization(queryClient: QueryClient, id: number): Promise<Organization> {
  return queryClient.fetchQuery({
    queryKey: organizationKeys.detail(id),
    queryFn: ({ signal }) => api.get<Organization>(`/api/organizations/${id}`, undefined, signal),
    staleTime: 60_000,
  });
}

export function useOrganizationSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: organizationKeys.search(text),
    queryFn: ({ signal }) =>
      api.get<Items<OrgSearchHit>>('/api/organizations/search', { q: text, limit: 20 }, signal),
    select: (data) => data.items,
    enabled: text.length >= 2,
    placeholderData: (previous) => previous,
  });
}

/**
 * The ancestors of an organization, from the top down. The contract does not say the order, so
 * it is told by which end holds the direct parent.
 */
export function ancestorsTopDown(org: { parentId: number | null; ancestors: OrgRef[] }): OrgRef[] {
  const list = org.ancestors;
  if (list.length > 1 && list[0]?.id === org.parentId) return [...list].reverse();
  return list;
}
