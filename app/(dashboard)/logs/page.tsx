/** Logs: one row per call. The rows come with the call-log API (issue 12, CALL LOG); until then the page says so. */
import { Empty } from '../../_components/states.tsx';

export default function LogsPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Logs</h1>
      <Empty>This hub does not serve call logs to the dashboard yet; `mcphub usage` prints usage meanwhile.</Empty>
    </>
  );
}
