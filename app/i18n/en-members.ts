// English strings of the enterprises' and teams' pages, which the bureau's desks use too:
// fetched for a signed-in visitor, or on a page whose route asks for them (app/i18n/areas.ts).
import type { zhMembers } from './zh-members';
import type { DeepStrings } from './types';
import { alerts } from './en/alerts';
import { appealRemedies } from './en/appeal-remedies';
import { applications } from './en/applications';
import { contractsDesk } from './en/contractsDesk';
import { duplicates } from './en/duplicates';
import { evaluation } from './en/evaluation';
import { funding } from './en/funding';
import { needs } from './en/needs';
import { notifications } from './en/notifications';
import { payments } from './en/payments';
import { paymentsAccount } from './en/payments-account';
import { techRegistration } from './en/tech-registration';
import { vacancies } from './en/vacancies';

export const enMembers: DeepStrings<typeof zhMembers> = {
  alerts,
  appealRemedies,
  applications,
  contractsDesk,
  duplicates,
  evaluation,
  funding,
  needs,
  notifications,
  payments,
  paymentsAccount,
  techRegistration,
  vacancies,
  account: {
    title: 'My account',
    organization: 'Organisation',
    role: 'Role',
    email: 'Sign-in e-mail',
    passwordTitle: 'Change password',
    passwordChanged: 'Password changed; every other session has been signed out.',
    membersTitle: 'Members',
    inviteTitle: 'Invite a member',
    inviteSent:
      'Invitation sent; the link in the e-mail lets them join. Pending invitations are listed above.',
    invite: 'Send invitation',
    pendingInvites: 'Pending invitations',
    twoFactorTitle: 'Second factor (one-time codes)',
    twoFactorLead:
      'Bureau staff sign in with an authenticator app (e.g. Microsoft or Google Authenticator). Scan the QR code or type the secret, then enter the 6-digit code the app shows.',
    secret: 'Secret',
    enable: 'Enable',
    twoFactorEnabled: 'Second factor enabled.',
    recoveryTitle: 'Recovery codes',
    recoveryLead:
      'Keep these codes safe. If you lose your phone, each one replaces a code once. They are shown only now.',
    continue: 'Continue',
    links: 'Shortcuts',
  },
  // an organisation's member list marks the disabled ones as the admin desk does
  admin: {
    disabled: 'Disabled',
  },
};
