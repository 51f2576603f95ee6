// Print the account's balance. Keep the field private, and make this compile.
mod bank {
    pub struct Account {
        balance: u64,
    }

    impl Account {
        pub fn open(deposit: u64) -> Account {
            Account { balance: deposit }
        }

        pub fn withdraw(&mut self, amount: u64) -> bool {
            let allowed = amount <= self.balance;
            if allowed { self.balance -= amount; }
            allowed
        }
    }
}

fn main() {
    let mut account = bank::Account::open(100);
    println!("withdrew 30: {}", account.withdraw(30));
    println!("balance: {}", account.balance);
}
