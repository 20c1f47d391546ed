// A team's payment account (/account/payments): the Stripe Connect account the bureau's
// rewards are paid to, when the Stripe rail is on; otherwise a note that rewards are paid by
// bank transfer. Team members only.
import { getFormProps, useForm } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { Card, FormError, Submit } from '~/components/form';
import { Facts } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { requestOrigin, requireTeam } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { isStripeError, startOnboarding } from '~/lib/stripe/accounts.server';
import { isStripeConfigured } from '~/lib/stripe/client.server';
import { parseForm } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { paymentAccount } from './view.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'paymentsAccount.title');

const linkSchema = z.object({ intent: z.literal('link', { error: 'validation.invalid' }) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireTeam(request);
  return paymentAccount(db, user.organizationId);
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireTeam(request);
  const submission = await parseForm(request, { schema: linkSchema });
  if (submission.status !== 'success') return { result: submission.reply() };
  if (!isStripeConfigured())
    return {
      result: submission.reply({ formErrors: ['paymentsAccount.errors.notConfigured'] }),
    };
  try {
    const { url } = await startOnboarding(db, user.organizationId, requestOrigin(request));
    return redirect(url);
  } catch (error) {
    if (!isStripeError(error)) throw error;
    console.warn('stripe: onboarding could not start', (error as Error).message);
    return { result: submission.reply({ formErrors: ['paymentsAccount.errors.stripe'] }) };
  }
}

export default function PaymentAccount() {
  const { configured, accountId, status } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t } = useI18n();
  const [form] = useForm({ lastResult: outcome?.result });
  if (!configured)
    return (
      <Card title={t('paymentsAccount.title')} main>
        <p>{t('paymentsAccount.bankTransfer')}</p>
      </Card>
    );
  const shown = status ?? 'unknown';
  return (
    <Card title={t('paymentsAccount.title')} main>
      <p className="text-stone-700">{t('paymentsAccount.lead')}</p>
      <DoneNotice page="stripeOnboarding" />
      <Facts
        rows={[
          [t('paymentsAccount.accountId'), accountId ?? '—'],
          [t('paymentsAccount.status'), t(`paymentsAccount.statuses.${shown}`)],
        ]}
      />
      {shown !== 'active' ? (
        <Form method="post" {...getFormProps(form)} className="space-y-3">
          <FormError id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="link" />
          <p className="text-sm text-stone-600">{t('paymentsAccount.linkHint')}</p>
          <Submit>{accountId ? t('paymentsAccount.continue') : t('paymentsAccount.link')}</Submit>
        </Form>
      ) : null}
    </Card>
  );
}
