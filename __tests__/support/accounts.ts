import { AccountsFileError, parseAccounts } from '../../stacks/accounts-file';

/** The problems of an accounts file text (read as `accounts.yaml`), or [] if it is valid. */
export function accountsProblems(text: string): readonly string[] {
  try {
    parseAccounts(text, 'accounts.yaml');
    return [];
  } catch (error) {
    if (error instanceof AccountsFileError) return error.problems;
    throw error;
  }
}
