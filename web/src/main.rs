fn main() {
    yew::Renderer::<triage_web::App>::new().render();
}
