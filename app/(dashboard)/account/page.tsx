/** Account: profile, sessions and deleting the account. The account API arrives with local accounts (issue 12, ACCOUNTS); until then the page says so. */
import { Empty } from '../../_components/states.tsx';

export default function AccountPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Account</h1>
      <Empty>Your profile and sessions will be here.</Empty>
    </>
  );
}
