//! Generates a built-in profile: `cargo run -p statetrace-corpus --example gen -- <profile> <out>`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let p = statetrace_corpus::Profile::resolve(&args[1]).unwrap();
    let r = statetrace_corpus::generate(
        &p,
        &statetrace_corpus::Options {
            out: args[2].clone().into(),
            ..Default::default()
        },
    )
    .unwrap();
    println!("{} bytes in {:?}", r.bytes(), r.elapsed);
}
