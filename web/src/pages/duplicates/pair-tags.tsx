import { Tag } from 'antd';
import type { PairBand, PairStatus } from '../../api/duplicates.ts';
import { DUPLICATES } from '../../i18n/vi.ts';

const STATUS_COLORS: Record<PairStatus, string> = {
  pending: 'gold',
  merged: 'green',
  different: 'default',
  unsure: 'purple',
};

export function PairStatusTag({ status }: { status: PairStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{DUPLICATES.statuses[status]}</Tag>;
}

export function PairBandTag({ band }: { band: PairBand }) {
  return <Tag color={band === 'probable' ? 'red' : 'orange'}>{DUPLICATES.bands[band]}</Tag>;
}

export const scoreText = (score: number) => `${Math.round(score * 1000) / 10}%`;
