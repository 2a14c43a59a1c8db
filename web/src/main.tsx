import { render } from 'preact';
import { App } from './app';
import { registerServiceWorker } from './state/offline';
import './styles/index.css';

render(<App />, document.getElementById('app')!);
registerServiceWorker();
