import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';

/** An API error as a sentence a person can act on, with a retry where retrying can help. */
export function ProblemMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiProblem ? error : undefined;
  const text =
    !problem || problem.status === 0
      ? t('errors.network')
      : problem.status === 401
        ? t('errors.unauthenticated')
        : problem.status === 403
          ? t('errors.forbidden')
          : t('errors.generic', { message: problem.message });
  return (
    <div role="alert" className="problem">
      <p>{text}</p>
      {retry && (!problem || problem.status === 0 || problem.status >= 500) && (
        <button type="button" onClick={retry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
