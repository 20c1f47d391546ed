// Alerts for teams in the authorization matrix: a team's page (/account/alerts) for team
// members only (an empty form gets field errors), and the unsubscribe link, which needs no
// sign-in but a token this server signed: a forged one answers 400 to everyone.
import { all, type MatrixEntry, type Row } from '../authz-rows';

const teamsOnly: Row = { ...all('forbidden'), anonymous: 'login', teamX: 'ok', teamY: 'ok' };

export const entries: Record<string, MatrixEntry> = {
  'account.alerts': { loader: teamsOnly, action: teamsOnly },
  'alerts.unsubscribe.$token': {
    params: () => ({ token: `cm0forged000000000000000.${'A'.repeat(43)}` }),
    loader: all('badRequest'),
    action: all('badRequest'),
  },
};
