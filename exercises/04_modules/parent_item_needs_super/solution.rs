fn deliver_order(dish: &str) -> String {
    format!("served: {}", dish)
}

mod back_of_house {
    pub fn fix_incorrect_order(dish: &str) -> String {
        let fixed = cook_order(dish);
        super::deliver_order(&fixed)
    }

    fn cook_order(dish: &str) -> String {
        format!("{} (remade)", dish)
    }
}

fn main() {
    println!("{}", back_of_house::fix_incorrect_order("soup"));
}
