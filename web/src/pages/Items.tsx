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
          <ItemCard key={i.id} item={i} ownerType={ownerType} ownerId={ownerId} />
        ))}
      </ul>
    </section>
  );
}

function ItemForm({
  ownerType,
  ownerId,
  item,
  onDone,
}: {
  ownerType: 'cluster' | 'member';
  ownerId: string;
  /** Editing this item; without it, a new one. */
  item?: Item;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const blank = {
    kind: item?.kind ?? ('need' as const),
    area: item?.area ?? ('joint_rd' as const),
    title: item?.title ?? '',
    description: item?.description ?? '',
    validUntil: item && !item.validUntilDefault ? item.validUntil : '',
  };
  const [form, setForm] = useState<{
    kind: NewItem['kind'];
    area: NewItem['area'];
    title: string;
    description: string;
    validUntil: string;
  }>(blank);
  const save = useMutation({
    mutationFn: () =>
      item
        ? ok(
            api.PATCH('/v1/items/{id}', {
              params: { path: { id: item.id } },
              body: {
                area: form.area,
                title: form.title,
                description: form.description,
                ...(form.validUntil ? { validUntil: form.validUntil } : {}),
              },
            }),
          )
        : ok(
            api.POST('/v1/items', {
              body: { ...form, ownerType, ownerId, validUntil: form.validUntil || undefined },
            }),
          ),
    onSuccess: async () => {
      setForm(blank);
      await client.invalidateQueries({ queryKey: ['items'] });
      onDone?.();
    },
  });
  const id = (name: string) => `item-${item?.id ?? 'new'}-${name}`;
  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const fieldError = (field: string) => problem?.fields.find((f) => f.field === field)?.reason;
  const field = (name: 'title' | 'description' | 'validUntil') => ({
    id: id(name),
    value: form[name],
    'aria-invalid': !!fieldError(name),
    'aria-describedby': fieldError(name) ? id(`${name}-error`) : undefined,
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });
  const errorOf = (name: string) =>
    fieldError(name) && (
      <p id={id(`${name}-error`)} className="field-error">
        {fieldError(name)}
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className={item ? 'edit' : 'card'} onSubmit={submit} noValidate>
      <h2>{item ? t('items.editHeading', { title: item.title }) : t('items.new')}</h2>
      {!item && (
        <>
          <label htmlFor={id('kind')}>{t('items.kind')}</label>
          <select
            id={id('kind')}
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.target.value as NewItem['kind'] })}
          >
            <option value="need">{t('items.need')}</option>
            <option value="offer">{t('items.offer')}</option>
          </select>
        </>
      )}
      <label htmlFor={id('area')}>{t('suggestions.area')}</label>
      <select
        id={id('area')}
        value={form.area}
        onChange={(e) => setForm({ ...form, area: e.target.value as NewItem['area'] })}
      >
        {AREAS.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <label htmlFor={id('title')}>{t('items.title')}</label>
      <input {...field('title')} />
      {errorOf('title')}
      <label htmlFor={id('description')}>{t('items.description')}</label>
      <textarea {...field('description')} />
      {errorOf('description')}
      <label htmlFor={id('validUntil')}>{t('items.validUntil')}</label>
      <input type="date" {...field('validUntil')} />
      {errorOf('validUntil')}
      {problem && !problem.fields.length && <ProblemMessage error={problem} />}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {item ? t('items.save') : t('items.create')}
        </button>
        {onDone && (
          <button type="button" onClick={onDone}>
            {t('items.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function ItemCard({
  item,
  ownerType,
  ownerId,
}: {
  item: Item;
  ownerType: 'cluster' | 'member';
  ownerId: string;
}) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent' });
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
          ` · ${t('suggestions.sectors')}: ${item.inferredSectors.map((s) => `${s.code} ${t('suggestions.inferred', { confidence: percent.format(s.confidence) })}`).join(', ')}`}
      </p>
      {editing ? (
        <ItemForm
          ownerType={ownerType}
          ownerId={ownerId}
          item={item}
          onDone={() => setEditing(false)}
        />
      ) : (
        <div className="actions">
          <button
            type="button"
            onClick={() => setEditing(true)}
            aria-label={t('items.editHeading', { title: item.title })}
          >
            {t('items.edit')}
          </button>
          {item.validUntil !== today && (
            <button type="button" onClick={() => end.mutate()} disabled={end.isPending}>
              {t('items.endToday')}
            </button>
          )}
        </div>
      )}
      {end.error && <ProblemMessage error={end.error} />}
    </li>
  );
}
