import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { compareVietnamese } from '../lib/vietnamese-text.ts';

export interface CodeItem {
  code: string;
  name: string;
}

interface Items<T> {
  items: T[];
}

// Code lists change only with a release: fetch once per session.
const ONCE = { staleTime: Infinity, gcTime: Infinity } as const;

const byName = (a: { name: string }, b: { name: string }) => compareVietnamese(a.name, b.name);

export function useProvinces() {
  return useQuery({
    queryKey: ['code-lists', 'provinces'],
    queryFn: ({ signal }) => api.get<Items<CodeItem>>('/api/code-lists/provinces', undefined, signal),
    select: (data) => [...data.items].sort(byName),
    ...ONCE,
  });
}

export function useCommunes(provinceCode: string | null | undefined) {
  return useQuery({
    queryKey: ['code-lists', 'communes', provinceCode ?? ''],
    queryFn: ({ signal }) =>
      api.get<Items<CodeItem>>('/api/code-lists/communes', { provinceCode: provinceCode ?? '' }, signal),
    select: (data) => [...data.items].sort(byName),
    enabled: Boolean(provinceCode),
    ...ONCE,
  });
}

export function useEthnicities() {
  return useQuery({
    queryKey: ['code-lists', 'ethnicities'],
    queryFn: ({ signal }) => api.get<Items<CodeItem>>('/api/code-lists/ethnicities', undefined, signal),
    // The official order (Kinh first, by code) is the one staff know; keep it.
    select: (data) => data.items,
    ...ONCE,
  });
}

export function useReligions() {
  return useQuery({
    queryKey: ['code-lists', 'religions'],
    queryFn: ({ signal }) => api.get<Items<{ name: string }>>('/api/code-lists/religions', undefined, signal),
    select: (data) => data.items.map((item) => item.name),
    ...ONCE,
  });
}
