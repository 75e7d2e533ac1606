/** Stands in for sharp in the GPU benchmark's bundle: the benchmark encodes no PNG, and sharp's native library is not brought along. */
export default function sharp(): never {
  throw new Error('PNG encoding (sharp) is not part of the GPU benchmark bundle');
}
