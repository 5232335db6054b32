import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LoadError } from './Async';
import { t } from '../i18n';

type PageModule = { default: ComponentType<{ params: Record<string, string> }> };

/** A page whose code loads when it is first opened (keeps the first load small). */
export function lazyPage(load: () => Promise<PageModule>): ComponentType<{ params: Record<string, string> }> {
  let loaded: PageModule | undefined;
  return function LazyPage(props) {
    const [mod, setMod] = useState<PageModule | undefined>(loaded);
    const [error, setError] = useState<unknown>();
    const [n, setN] = useState(0);
    useEffect(() => {
      if (mod) return;
      load().then(
        (m) => setMod((loaded = m)),
        (e: unknown) => setError(e),
      );
    }, [n]);
    if (error && !mod)
      return (
        <LoadError
          error={error}
          retry={() => {
            setError(undefined);
            setN(n + 1);
          }}
        />
      );
    if (!mod)
      return (
        <p class="loading" role="status">
          {t('status.loading')}
        </p>
      );
    const C = mod.default;
    return <C {...props} />;
  };
}
