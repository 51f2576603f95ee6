// Count a visit on a background task. Make this compile and print `visits: 4`.
use std::rc::Rc;

async fn load_visits() -> u32 {
    3
}

#[tokio::main]
async fn main() {
    let task = tokio::spawn(async {
        let step = Rc::new(1);
        let visits = load_visits().await;
        visits + *step
    });
    println!("visits: {}", task.await.unwrap());
}
