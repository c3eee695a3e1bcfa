import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AREAS } from '../api/areas';
import { ApiProblem, api, ok, type Schemas } from '../api/client';
import { ProblemMessage } from './ProblemMessage';

type Item = Schemas['ItemResponse'];
type NewItem = Schemas['CreateItemDto'];

/** The party's own needs and offers: create, edit, end; the API's field errors beside the fields. */
export function Items({ session }: { session: Schemas['SessionResponse'] }) {
  const { t } = useTranslation();
  const [ownerType, ownerId] = (session.partyKey ?? ':').split(':') as [
    'cluster' | 'member',
    string,
  ];
  const query = ownerType === 'cluster' ? { clusterId: ownerId, ownerType } : { memberId: ownerId };
  const list = useQuery({
    queryKey: ['items', ownerType, ownerId],
    queryFn: () =>
      ok(api.GET('/v1/items', { params: { query: { ...query, status: 'active', limit: 200 } } })),
  });
  return (
    <section>
      <h1>{t('items.heading')}</h1>
      <ItemForm ownerType={ownerType} ownerId={ownerId} />
      {list.error && <ProblemMessage error={list.error} retry={() => void list.refetch()} />}
      <ul className="suggestions">
        {list.data?.items.map((i) => (
          <ItemCard key={i.id} item={i} />
        ))}
      </ul>
    </section>
  );
}

function ItemForm({ ownerType, ownerId }: { ownerType: 'cluster' | 'member'; ownerId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const blank = {
    kind: 'need' as const,
    area: 'joint_rd' as const,
    title: '',
    description: '',
    validUntil: '',
  };
  const [form, setForm] = useState<{
    kind: NewItem['kind'];
    area: NewItem['area'];
    title: string;
    description: string;
    validUntil: string;
  }>(blank);
  const create = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/items', {
          body: { ...form, ownerType, ownerId, validUntil: form.validUntil || undefined },
        }),
      ),
    onSuccess: async () => {
      setForm(blank);
      await client.invalidateQueries({ queryKey: ['items'] });
    },
  });
  const problem = create.error instanceof ApiProblem ? create.error : undefined;
  const fieldError = (field: string) => problem?.fields.find((f) => f.field === field)?.reason;
  const field = (name: 'title' | 'description' | 'validUntil') => ({
    id: `item-${name}`,
    value: form[name],
    'aria-invalid': !!fieldError(name),
    'aria-describedby': fieldError(name) ? `item-${name}-error` : undefined,
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });
  const errorOf = (name: string) =>
    fieldError(name) && (
      <p id={`item-${name}-error`} className="field-error">
        {fieldError(name)}
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{t('items.new')}</h2>
      <label htmlFor="item-kind">{t('items.kind')}</label>
      <select
        id="item-kind"
        value={form.kind}
        onChange={(e) => setForm({ ...form, kind: e.target.value as NewItem['kind'] })}
      >
        <option value="need">{t('items.need')}</option>
        <option value="offer">{t('items.offer')}</option>
      </select>
      <label htmlFor="item-area">{t('suggestions.area')}</label>
      <select
        id="item-area"
        value={form.area}
        onChange={(e) => setForm({ ...form, area: e.target.value as NewItem['area'] })}
      >
        {AREAS.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <label htmlFor="item-title">{t('items.title')}</label>
      <input {...field('title')} />
      {errorOf('title')}
      <label htmlFor="item-description">{t('items.description')}</label>
      <textarea {...field('description')} />
      {errorOf('description')}
      <label htmlFor="item-validUntil">{t('items.validUntil')}</label>
      <input type="date" {...field('validUntil')} />
      {errorOf('validUntil')}
      {problem && !problem.fields.length && <ProblemMessage error={problem} />}
      <button type="submit" disabled={create.isPending}>
        {t('items.create')}
      </button>
    </form>
  );
}

function ItemCard({ item }: { item: Item }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const today = new Date().toISOString().slice(0, 10);
  const end = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/v1/items/{id}', {
          params: { path: { id: item.id } },
          body: { validUntil: today },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['items'] }),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  return (
    <li className="card" aria-label={item.title}>
      <h2>
        {t(`items.${item.kind}`)}: {item.title}
      </h2>
      <p>{item.description}</p>
      <p className="help">
        {item.area} ·{' '}
        {t('items.until', { date: date.format(new Date(`${item.validUntil}T00:00:00Z`)) })}
        {item.inferredSectors.length > 0 &&
          ` · ${t('suggestions.sectors')}: ${item.inferredSectors.map((s) => `${s.code} (${t('suggestions.inferred')})`).join(', ')}`}
      </p>
      {item.validUntil !== today && (
        <button type="button" onClick={() => end.mutate()} disabled={end.isPending}>
          {t('items.endToday')}
        </button>
      )}
      {end.error && <ProblemMessage error={end.error} />}
    </li>
  );
}
