//! The accounts, with their owners: the one input that must not be empty.

use super::ACCOUNTS;
use super::data_dir::DataDir;
use super::error::InputError;
use crate::model::Account;

impl DataDir {
    /// The accounts, validated (at least one).
    pub fn load_accounts(&self) -> Result<Vec<Account>, InputError> {
        self.accounts_checked()
    }

    pub(super) fn accounts_checked(&self) -> Result<Vec<Account>, InputError> {
        let accounts: Vec<Account> = self.read_all(ACCOUNTS, true)?;
        if accounts.is_empty() {
            return Err(InputError::File {
                file: self.shown(ACCOUNTS),
                message: "no accounts: the portfolio needs at least one account".into(),
            });
        }
        Ok(accounts)
    }
}
