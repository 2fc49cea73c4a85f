import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { MediaError, MissingToolError } from './media-error.js';

const run = promisify(execFile);

export interface VideoTools {
  ffmpegPath: string;
  ffprobePath: string;
}

export interface VideoPreview {
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  /** A PNG frame from about a second in (or the middle of a shorter video); null when it has no picture. */
  frame: Buffer | null;
}

/** Longest ffprobe or ffmpeg may run on one file before it counts as unreadable. */
const TOOL_TIMEOUT_MS = 120_000;

interface Probe {
  format?: { duration?: string };
  streams?: { codec_type?: string; width?: number; height?: number; duration?: string }[];
}

/** Duration and dimensions with ffprobe, then a poster frame with ffmpeg. */
export async function videoPreview(file: string, tools: VideoTools, workDir: string): Promise<VideoPreview> {
  const probe = await probeVideo(file, tools.ffprobePath);
  const video = probe.streams?.find((stream) => stream.codec_type === 'video');
  const duration = Number(probe.format?.duration ?? video?.duration);
  const durationSeconds = Number.isFinite(duration) && duration > 0 ? Math.round(duration * 1000) / 1000 : null;
  if (!video) return { width: null, height: null, durationSeconds, frame: null };
  const at = durationSeconds === null ? 0 : Math.min(1, durationSeconds / 2);
  const out = path.join(workDir, 'poster.png');
  await tool(tools.ffmpegPath, ['-v', 'error', '-y', '-ss', at.toFixed(3), '-i', file, '-frames:v', '1', '-f', 'image2', '-c:v', 'png', out], 'ffmpeg');
  const frame = await fs.promises.readFile(out).catch(() => null);
  return { width: video.width ?? null, height: video.height ?? null, durationSeconds, frame };
}

async function probeVideo(file: string, ffprobe: string): Promise<Probe> {
  const { stdout } = await tool(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], 'ffprobe');
  try {
    return JSON.parse(stdout) as Probe;
  } catch {
    throw new MediaError('not a readable video: ffprobe gave no description');
  }
}

async function tool(program: string, args: string[], name: string): Promise<{ stdout: string }> {
  try {
    // Arguments go straight to the program (no shell), and the file is our temporary copy: no name of the uploader's reaches it.
    return await run(program, args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string; killed?: boolean };
    if (failure.code === 'ENOENT') throw new MissingToolError(name);
    if (failure.killed) throw new MediaError(`not a readable video: ${name} took longer than ${TOOL_TIMEOUT_MS / 1000} s`);
    throw new MediaError(`not a readable video: ${(failure.stderr ?? failure.message).trim().split('\n')[0]}`);
  }
}
