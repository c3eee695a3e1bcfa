import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, ok, type Schemas } from '../api/client';
import { ProblemMessage } from './ProblemMessage';

type NewKey = Schemas['CreateApiKeyDto'];

/** Operators: API keys — create (the token is shown once), list, revoke, rotate. */
export function ApiKeys() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const keys = useQuery({
    queryKey: ['api-keys'],
    queryFn: () => ok(api.GET('/v1/api-keys', { params: { query: { limit: 200 } } })),
  });
  const [form, setForm] = useState<{ role: NewKey['role']; label: string; scope: string }>({
    role: 'operator',
    label: '',
    scope: '',
  });
  const [token, setToken] = useState<string>();
  const refresh = () => client.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({
    mutationFn: () => {
      const scope = form.scope.trim();
      const body: NewKey = {
        role: form.role,
        label: form.label,
        ...(form.role === 'cluster_manager'
          ? { clusterIds: scope ? scope.split(/[\s,]+/) : [] }
          : {}),
        ...(form.role === 'member' ? { memberId: scope } : {}),
      };
      return ok(api.POST('/v1/api-keys', { body }));
    },
    onSuccess: async (key) => {
      setToken(key.token);
      setForm({ role: 'operator', label: '', scope: '' });
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => ok(api.DELETE('/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: (id: string) =>
      ok(api.POST('/v1/api-keys/{id}/rotate', { params: { path: { id } } })),
    onSuccess: async (key) => {
      setToken(key.token);
      await refresh();
    },
  });
  const fieldError = (field: string) =>
    create.error instanceof ApiProblem
      ? create.error.fields.find((f) => f.field === field || f.field.startsWith(`${field}[`))
          ?.reason
      : undefined;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setToken(undefined);
    create.mutate();
  };
  return (
    <section>
      <h1>{t('keys.heading')}</h1>
      <form className="card" onSubmit={submit}>
        <h2>{t('keys.new')}</h2>
        <label htmlFor="k-role">{t('keys.role')}</label>
        <select
          id="k-role"
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as NewKey['role'] })}
        >
          {(['operator', 'cluster_manager', 'member'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`keys.roles.${r}`)}
            </option>
          ))}
        </select>
        <label htmlFor="k-label">{t('keys.label')}</label>
        <input
          id="k-label"
          value={form.label}
          onChange={(e) => setForm({ ...form, label: e.target.value })}
        />
        {fieldError('label') && <p className="field-error">{fieldError('label')}</p>}
        {form.role !== 'operator' && (
          <>
            <label htmlFor="k-scope">
              {t(form.role === 'member' ? 'keys.memberId' : 'keys.clusterIds')}
            </label>
            <input
              id="k-scope"
              value={form.scope}
              onChange={(e) => setForm({ ...form, scope: e.target.value })}
            />
            {(fieldError('clusterIds') ?? fieldError('memberId')) && (
              <p className="field-error">{fieldError('clusterIds') ?? fieldError('memberId')}</p>
            )}
          </>
        )}
        <button type="submit" disabled={create.isPending}>
          {t('keys.create')}
        </button>
        {create.error && !(create.error instanceof ApiProblem && create.error.fields.length) && (
          <ProblemMessage error={create.error} />
        )}
      </form>
      {token && (
        <div role="alert" className="card token">
          <p>{t('keys.shownOnce')}</p>
          <code>{token}</code>
        </div>
      )}
      {keys.error && <ProblemMessage error={keys.error} retry={() => void keys.refetch()} />}
      {keys.data && (
        <table>
          <caption>{t('keys.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('keys.label')}</th>
              <th scope="col">{t('keys.role')}</th>
              <th scope="col">{t('keys.prefix')}</th>
              <th scope="col">{t('keys.created')}</th>
              <th scope="col">{t('keys.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.label}</th>
                <td>{t(`keys.roles.${k.role}`)}</td>
                <td>
                  <code>{k.tokenPrefix}…</code>
                </td>
                <td>{date.format(new Date(k.createdAt))}</td>
                <td>
                  {k.revokedAt ? (
                    t('keys.revoked')
                  ) : (
                    <div className="actions">
                      <button
                        type="button"
                        aria-label={`${t('keys.rotate')} ${k.label}`}
                        onClick={() => rotate.mutate(k.id)}
                      >
                        {t('keys.rotate')}
                      </button>
                      <button
                        type="button"
                        aria-label={`${t('keys.revoke')} ${k.label}`}
                        onClick={() =>
                          window.confirm(t('keys.confirmRevoke', { label: k.label })) &&
                          revoke.mutate(k.id)
                        }
                      >
                        {t('keys.revoke')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
