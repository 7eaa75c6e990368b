// Images imported by scripts: esbuild's file loader turns them into their hashed URL.
declare module "*.png" {
  const url: string;
  export default url;
}
