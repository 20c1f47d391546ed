import { oneOf } from './one-of';

/**
 * The city's industries (keys of `fields` in app/i18n/zh.ts), as stored: a challenge is filed
 * under one and a matching event is themed on one. In display order.
 */
export const INDUSTRIES = [
  '新材料',
  '高端装备',
  '电子信息',
  '生物医药',
  '氢能',
  '先进陶瓷',
  '绿色化工',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const isIndustry = oneOf(INDUSTRIES);
