//! Reading and writing warrant/v1 files (SPEC §2.1). BEING IMPLEMENTED.
