import { render } from 'preact';
import { App } from './app';
import { lang } from './i18n';

document.documentElement.lang = lang.get();
const root = document.getElementById('app')!;
// The page carries a "loading" line for the time before this script runs; the portal replaces it.
root.textContent = '';
render(<App />, root);
