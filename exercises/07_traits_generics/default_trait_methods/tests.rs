use super::*;

fn article() -> Article {
    Article {
        headline: String::from("Penguins win the Stanley Cup Championship!"),
        author: String::from("Iceburgh"),
    }
}

#[test]
fn a_tweet_uses_the_default_summary() {
    let tweet = Tweet { username: String::from("horse_ebooks") };
    assert_eq!(tweet.summarize(), "(Read more from @horse_ebooks...)");
}

#[test]
fn an_article_overrides_the_summary() {
    assert_eq!(article().summarize(), "Penguins win the Stanley Cup Championship!, by Iceburgh");
}

#[test]
fn required_methods_still_work() {
    assert_eq!(article().summarize_author(), "Iceburgh");
}
