// Make this compile so that it prints the report and then its length.
fn print_report(report: String) {
    println!("Report: {}", report);
}

fn main() {
    let report = String::from("3 orders shipped");
    print_report(report);
    println!("Length: {}", report.len());
}
