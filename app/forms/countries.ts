// The countries and regions a team may name at sign-up (labels in app/i18n, auth.countries).
// Apart from the schema: the sign-up page lists them without taking zod into its script.
export const COUNTRIES = [
  'CN',
  'HK',
  'MO',
  'TW',
  'DE',
  'GB',
  'FR',
  'JP',
  'KR',
  'SG',
  'US',
  'CA',
  'AU',
  'RU',
  'IL',
  'NL',
  'SE',
  'CH',
  'IT',
  'OTHER',
] as const;
