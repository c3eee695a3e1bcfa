import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, ok, type Schemas } from '../api/client';
import { LANGUAGES, type Language } from '../i18n';
import { ProblemMessage } from './ProblemMessage';

type DigestSettings = Schemas['DigestSettingsDto'];
/** What the page edits, common to a cluster's and a member's profile. */
type Profile = Pick<
  Schemas['ClusterResponse'] | Schemas['MemberResponse'],
  'name' | 'description' | 'website' | 'contactName'
>;
const FREQUENCIES: NonNullable<DigestSettings['frequency']>[] = [
  'daily',
  'weekly',
  'monthly',
  'off',
];

/** The party's own profile and its digest settings, with a preview of the next digest. */
export function Settings({ session }: { session: Schemas['SessionResponse'] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const recipient = session.partyKey!;
  const [type, id] = recipient.split(':') as ['cluster' | 'member', string];

  const profile = useQuery({
    queryKey: ['profile', recipient],
    queryFn: (): Promise<Profile> =>
      type === 'cluster'
        ? ok(api.GET('/v1/clusters/{id}', { params: { path: { id } } }))
        : ok(api.GET('/v1/members/{id}', { params: { path: { id } } })),
  });
  const [fields, setFields] = useState({ description: '', website: '', contactName: '' });
  useEffect(() => {
    if (profile.data)
      setFields({
        description: profile.data.description,
        website: profile.data.website ?? '',
        contactName: profile.data.contactName ?? '',
      });
  }, [profile.data]);
  const saveProfile = useMutation({
    mutationFn: (): Promise<Profile> => {
      const body = {
        ...fields,
        website: fields.website || null,
        contactName: fields.contactName || null,
      };
      return type === 'cluster'
        ? ok(api.PATCH('/v1/clusters/{id}', { params: { path: { id } }, body }))
        : ok(api.PATCH('/v1/members/{id}', { params: { path: { id } }, body }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['profile'] }),
  });

  const digest = useQuery({
    queryKey: ['digest-settings', recipient],
    queryFn: () =>
      ok(api.GET('/v1/digest-settings/{recipient}', { params: { path: { recipient } } })),
  });
  const [settings, setSettings] = useState<DigestSettings>({});
  useEffect(() => {
    if (digest.data)
      setSettings({
        frequency: digest.data.frequency,
        timezone: digest.data.timezone,
        language: digest.data.language,
        email: digest.data.email,
      });
  }, [digest.data]);
  const saveDigest = useMutation({
    mutationFn: () =>
      ok(
        api.PUT('/v1/digest-settings/{recipient}', {
          params: { path: { recipient } },
          body: settings,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['digest'] }),
  });
  const preview = useQuery({
    queryKey: ['digest', 'preview', recipient],
    queryFn: () => ok(api.GET('/v1/digests/preview', { params: { query: { recipient } } })),
    enabled: false,
  });
  const fieldError = (e: unknown, field: string) =>
    e instanceof ApiProblem ? e.fields.find((f) => f.field === field)?.reason : undefined;
  const submit = (save: () => void) => (e: FormEvent) => {
    e.preventDefault();
    save();
  };

  return (
    <section>
      <h1>{t('settings.heading')}</h1>
      {profile.error && (
        <ProblemMessage error={profile.error} retry={() => void profile.refetch()} />
      )}
      {profile.data && (
        <form className="card" onSubmit={submit(() => saveProfile.mutate())}>
          <h2>{profile.data.name}</h2>
          <label htmlFor="p-description">{t('items.description')}</label>
          <textarea
            id="p-description"
            value={fields.description}
            onChange={(e) => setFields({ ...fields, description: e.target.value })}
          />
          <label htmlFor="p-website">{t('settings.website')}</label>
          <input
            id="p-website"
            value={fields.website}
            onChange={(e) => setFields({ ...fields, website: e.target.value })}
          />
          {fieldError(saveProfile.error, 'website') && (
            <p className="field-error">{fieldError(saveProfile.error, 'website')}</p>
          )}
          <label htmlFor="p-contactName">{t('intros.contact')}</label>
          <input
            id="p-contactName"
            value={fields.contactName}
            onChange={(e) => setFields({ ...fields, contactName: e.target.value })}
          />
          <button type="submit" disabled={saveProfile.isPending}>
            {t('settings.save')}
          </button>
          {saveProfile.isSuccess && <p role="status">{t('settings.saved')}</p>}
        </form>
      )}
      {digest.data && (
        <form className="card" onSubmit={submit(() => saveDigest.mutate())}>
          <h2>{t('settings.digest')}</h2>
          <label htmlFor="d-frequency">{t('settings.frequency')}</label>
          <select
            id="d-frequency"
            value={settings.frequency}
            onChange={(e) =>
              setSettings({ ...settings, frequency: e.target.value as DigestSettings['frequency'] })
            }
          >
            {FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {t(`settings.frequencies.${f}`)}
              </option>
            ))}
          </select>
          <label htmlFor="d-timezone">{t('settings.timezone')}</label>
          <input
            id="d-timezone"
            value={settings.timezone ?? ''}
            onChange={(e) => setSettings({ ...settings, timezone: e.target.value })}
          />
          {fieldError(saveDigest.error, 'timezone') && (
            <p className="field-error">{fieldError(saveDigest.error, 'timezone')}</p>
          )}
          <label htmlFor="d-language">{t('app.language')}</label>
          <select
            id="d-language"
            value={settings.language ?? 'en'}
            onChange={(e) => setSettings({ ...settings, language: e.target.value as Language })}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {new Intl.DisplayNames([l], { type: 'language' }).of(l)}
              </option>
            ))}
          </select>
          <label htmlFor="d-email">{t('intros.email')}</label>
          <input
            id="d-email"
            type="email"
            value={settings.email ?? ''}
            onChange={(e) => setSettings({ ...settings, email: e.target.value || null })}
          />
          {fieldError(saveDigest.error, 'email') && (
            <p className="field-error">{fieldError(saveDigest.error, 'email')}</p>
          )}
          <div className="actions">
            <button type="submit" disabled={saveDigest.isPending}>
              {t('settings.save')}
            </button>
            <button type="button" onClick={() => void preview.refetch()}>
              {t('settings.preview')}
            </button>
          </div>
          {saveDigest.isSuccess && <p role="status">{t('settings.saved')}</p>}
          {saveDigest.error &&
            !fieldError(saveDigest.error, 'timezone') &&
            !fieldError(saveDigest.error, 'email') && <ProblemMessage error={saveDigest.error} />}
        </form>
      )}
      {preview.error && <ProblemMessage error={preview.error} />}
      {preview.data && (
        <article className="card" aria-label={t('settings.preview')}>
          <h2>{preview.data.subject}</h2>
          <pre className="mail">{preview.data.text}</pre>
        </article>
      )}
    </section>
  );
}
