// Render every widget in the list. Make this compile.
trait Widget {
    fn draw(&self) -> String;
}

struct Button;

impl Widget for Button {
    fn draw(&self) -> String {
        String::from("[ OK ]")
    }
}

fn render(widgets: &[Box<Widget>]) { //~ ERROR expected a type, found a trait [E0782]
    for widget in widgets {
        println!("{}", widget.draw());
    }
}

fn main() {
    let widgets: Vec<Box<dyn Widget>> = vec![Box::new(Button), Box::new(Button)];
    render(&widgets);
}
