fn print_report(report: &str) {
    println!("Report: {}", report);
}

fn main() {
    let report = String::from("3 orders shipped");
    print_report(&report);
    println!("Length: {}", report.len());
}
