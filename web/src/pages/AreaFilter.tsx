import { useTranslation } from 'react-i18next';
import { AREAS, type Area } from '../api/areas';

/** The cooperation-area filter of lists and maps: every area, or one. */
export function AreaFilter({
  value,
  onChange,
}: {
  value: Area | '';
  onChange: (area: Area | '') => void;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {t('suggestions.area')}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as Area | '')}>
        <option value="">{t('suggestions.all')}</option>
        {AREAS.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
    </label>
  );
}
