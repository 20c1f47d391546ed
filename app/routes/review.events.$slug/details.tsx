// The event's own details: editing them, and deleting an event created by mistake.
import { useDeskForm } from '~/components/desk/form';
import { Card, ConfirmBox, Submit } from '~/components/form';
import { PostForm } from '~/components/conform';
import { EventFields } from '~/components/desk/event-fields';
import { eventPageSchema } from '~/forms/events';
import { useI18n } from '~/i18n/i18n';
import type { LoaderData, Result } from './parts';

export function EditDetails({ data, lastResult }: { data: LoaderData; lastResult: Result }) {
  const { t } = useI18n();
  const { event: e } = data;
  const [form, fields] = useDeskForm(eventPageSchema, {
    id: 'edit-event',
    lastResult,
    defaultValue: {
      name: e.name,
      nameEn: e.nameEn ?? '',
      industry: e.industry,
      date: e.day,
      place: e.place,
      description: e.description,
    },
    live: true,
  });
  return (
    <Card title={t('eventsAdmin.edit.title')}>
      <PostForm form={form} className="max-w-2xl space-y-4">
        <input type="hidden" name="intent" value="update" />
        <EventFields fields={fields} />
        <Submit>{t('eventsAdmin.edit.submit')}</Submit>
      </PostForm>
    </Card>
  );
}

export function DeleteEvent({ data, lastResult }: { data: LoaderData; lastResult: Result }) {
  const { t } = useI18n();
  const [form, fields] = useDeskForm(eventPageSchema, {
    id: 'delete-event',
    lastResult,
  });
  return (
    <Card title={t('eventsAdmin.remove.title')}>
      {data.event.matches.length > 0 ? (
        <p className="text-sm text-stone-600">{t('eventsAdmin.remove.blocked')}</p>
      ) : (
        <PostForm
          form={form}
          className="space-y-3"
          lead={<p className="text-sm text-stone-600">{t('eventsAdmin.remove.lead')}</p>}
        >
          <input type="hidden" name="intent" value="delete" />
          <ConfirmBox meta={fields.confirm} label={t('eventsAdmin.remove.confirm')} />
          <Submit tone="destroy">{t('eventsAdmin.remove.submit')}</Submit>
        </PostForm>
      )}
    </Card>
  );
}
