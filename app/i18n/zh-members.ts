// Chinese strings of the enterprises' and teams' pages, which the bureau's desks use too:
// fetched for a signed-in visitor, or on a page whose route asks for them (app/i18n/areas.ts).
import { alerts } from './zh/alerts';
import { appealRemedies } from './zh/appeal-remedies';
import { applications } from './zh/applications';
import { contractsDesk } from './zh/contractsDesk';
import { duplicates } from './zh/duplicates';
import { evaluation } from './zh/evaluation';
import { funding } from './zh/funding';
import { needs } from './zh/needs';
import { notifications } from './zh/notifications';
import { payments } from './zh/payments';
import { paymentsAccount } from './zh/payments-account';
import { techRegistration } from './zh/tech-registration';
import { vacancies } from './zh/vacancies';

export const zhMembers = {
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
    title: '我的账号',
    organization: '所属机构',
    role: '角色',
    email: '登录邮箱',
    passwordTitle: '修改密码',
    passwordChanged: '密码已修改；其他设备上的登录已全部退出。',
    membersTitle: '机构成员',
    inviteTitle: '邀请成员',
    inviteSent: '邀请已发送，对方可通过邮件中的链接加入；待接受的邀请列在上方。',
    invite: '发送邀请',
    pendingInvites: '待接受的邀请',
    twoFactorTitle: '二次验证（动态码）',
    twoFactorLead:
      '科技局工作人员须使用身份验证器应用（如 Microsoft Authenticator、Google Authenticator）登录。请扫描二维码或手动输入密钥，然后输入应用显示的6位动态码。',
    secret: '密钥',
    enable: '启用',
    twoFactorEnabled: '二次验证已启用。',
    recoveryTitle: '恢复码',
    recoveryLead:
      '请妥善保存以下恢复码。手机丢失时，每个恢复码可代替动态码使用一次。此页面离开后不再显示。',
    continue: '继续',
    links: '常用功能',
  },
  // an organisation's member list marks the disabled ones as the admin desk does
  admin: {
    disabled: '已停用',
  },
};
