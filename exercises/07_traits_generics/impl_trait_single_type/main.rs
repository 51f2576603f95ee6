// Pick a notifier at run time. Make this compile.
trait Notifier {
    fn notify(&self, msg: &str) -> String;
}

struct Email;
struct Sms;

impl Notifier for Email {
    fn notify(&self, msg: &str) -> String { format!("email: {}", msg) }
}
impl Notifier for Sms {
    fn notify(&self, msg: &str) -> String { format!("sms: {}", msg) }
}

fn notifier(urgent: bool) -> impl Notifier {
    if urgent { Sms } else { Email }
}

fn main() {
    println!("{}", notifier(true).notify("server down"));
    println!("{}", notifier(false).notify("weekly report"));
}
