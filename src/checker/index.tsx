/**
 * The checker page (dist/check.html): the same checks as the task pane and the CLI, for staff
 * without the add-in (WPS, 信创 desktops, any browser). Works from an intranet server and from a
 * local file (file://): classic scripts only, no service worker, no request but its own files.
 */
import { createRoot } from 'react-dom/client';
import { browserDeliveries } from '../taskpane/deliveries';
import { CheckerApp } from './CheckerApp';

createRoot(document.getElementById('root')!).render(<CheckerApp deliveries={browserDeliveries()} />);
