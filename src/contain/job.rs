//! Windows: the worker's memory capped by a job object (the counterpart of Unix's address-space
//! limit), which also ends the worker with its supervisor. A job that cannot be made leaves the
//! worker uncapped; its crash is still contained.

use std::os::windows::io::AsRawHandle;
use std::process::Child;
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, JOB_OBJECT_LIMIT_PROCESS_MEMORY,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation, SetInformationJobObject,
};

/// Puts `child` in a new job whose processes may commit at most `mib` Mio.
pub fn limit(child: &Child, mib: u64) {
    let bytes = usize::try_from(mib.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX);
    // SAFETY: plain Win32 calls on a job handle made here and the child's live process handle;
    // the structure is fully initialised and its size is passed along.
    unsafe {
        let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
        if job.is_null() {
            return;
        }
        let mut info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
        info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        info.ProcessMemoryLimit = bytes;
        let size = u32::try_from(std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>()).unwrap_or(0);
        let set = SetInformationJobObject(job, JobObjectExtendedLimitInformation, (&raw const info).cast(), size);
        if set != 0 {
            AssignProcessToJobObject(job, child.as_raw_handle());
        }
        // The handle stays open for the supervisor's life: when it ends, however it ends, the
        // job closes and takes the worker with it.
    }
}
