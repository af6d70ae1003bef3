export { toArchive, type Archive, type ArchiveStatus, type ArchiveStream, type ArchiveTranscription, type OutputMode, type TranscriptionStatus } from './archive.js';
export { startArchive, type StartArchiveOptions, type TranscriptionProperties } from './start-archive.js';
export { stopArchive } from './stop-archive.js';
export { getArchive } from './get-archive.js';
export { listArchives, iterateArchives, type ListArchivesOptions, type IterateArchivesOptions } from './list-archives.js';
export { deleteArchive } from './delete-archive.js';
export { setArchiveLayout } from './set-archive-layout.js';
export { addArchiveStream, removeArchiveStream, type AddArchiveStreamOptions } from './archive-streams.js';
export type { Layout, LayoutType, Resolution, ScreenshareType, StreamMode } from '@video/core';
