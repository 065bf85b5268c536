// AssemblyScript's basic types as the trainer's tsc sees them, so the contract files (written in
// the subset both asc and tsc accept) type-check on the TypeScript side too. Only types: asc has
// its own definitions and never reads this file.

declare type i8 = number;
declare type i16 = number;
declare type i32 = number;
declare type i64 = number;
declare type u8 = number;
declare type u16 = number;
declare type u32 = number;
declare type u64 = number;
declare type f32 = number;
declare type f64 = number;
declare type usize = number;
declare type bool = boolean;
declare type StaticArray<T> = readonly T[];
